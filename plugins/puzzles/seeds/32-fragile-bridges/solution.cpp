#include <bits/stdc++.h>
using namespace std;

vector<vector<pair<int, int>>> adj;  // (neighbour, road id)
vector<int> tin, low;
vector<pair<int, int>> bridges;
int timer_ = 0;

void dfs(int u, int parentRoad) {
    tin[u] = low[u] = ++timer_;
    for (auto [v, id] : adj[u]) {
        if (id == parentRoad) continue;  // skip only the road we came by, not its parallel copies
        if (tin[v]) { low[u] = min(low[u], tin[v]); continue; }  // a road back to an earlier island
        dfs(v, id);
        low[u] = min(low[u], low[v]);
        if (low[v] > tin[u]) bridges.push_back({min(u, v), max(u, v)});
    }
}

int main() {
    int n, m;
    cin >> n >> m;
    adj.assign(n + 1, {});
    tin.assign(n + 1, 0);
    low.assign(n + 1, 0);
    for (int i = 0; i < m; i++) {
        int a, b;
        cin >> a >> b;
        adj[a].push_back({b, i});
        adj[b].push_back({a, i});
    }
    for (int u = 1; u <= n; u++)
        if (!tin[u]) dfs(u, -1);
    sort(bridges.begin(), bridges.end());
    cout << bridges.size() << '\n';
    for (auto [a, b] : bridges) cout << a << ' ' << b << '\n';
}
