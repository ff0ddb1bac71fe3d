#include <bits/stdc++.h>
using namespace std;

int main() {
    int t;
    cin >> t;
    while (t--) {
        string s;
        cin >> s;
        int rounds = 0;
        while (s.size() > 1) {
            long long sum = 0;
            for (char c : s) sum += c - '0';
            s = to_string(sum);
            rounds++;
        }
        cout << s << ' ' << rounds << '\n';
    }
}
