#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, d;
    cin >> n >> d;
    vector<long long> w(n);
    for (auto &x : w) cin >> x;
    auto trips = [&](long long cap) {  // trips needed when loading greedily
        int count = 1;
        long long load = 0;
        for (long long x : w) {
            if (load + x > cap) count++, load = 0;
            load += x;
        }
        return count;
    };
    long long lo = *max_element(w.begin(), w.end()), hi = accumulate(w.begin(), w.end(), 0LL);
    while (lo < hi) {
        long long mid = lo + (hi - lo) / 2;
        if (trips(mid) <= d) hi = mid;
        else lo = mid + 1;
    }
    cout << lo << '\n';
}
