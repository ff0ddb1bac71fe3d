#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<long long> tails;  // tails[k] = smallest last height of a climb of length k + 1
    for (int i = 0; i < n; i++) {
        long long h;
        cin >> h;
        auto it = lower_bound(tails.begin(), tails.end(), h);
        if (it == tails.end()) tails.push_back(h);
        else *it = h;
    }
    cout << tails.size() << '\n';
}
