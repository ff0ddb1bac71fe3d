#include <bits/stdc++.h>
using namespace std;

int main() {
    const string open = "([{<", close = ")]}>";
    int n;
    cin >> n;
    while (n--) {
        string s;
        cin >> s;
        vector<char> stack;
        size_t bad = 0;
        for (size_t i = 0; i < s.size() && !bad; i++) {
            if (open.find(s[i]) != string::npos) {
                stack.push_back(s[i]);
            } else if (close.find(s[i]) != string::npos) {
                if (stack.empty() || stack.back() != open[close.find(s[i])]) bad = i + 1;
                else stack.pop_back();
            }
        }
        if (bad) cout << "NO " << bad << '\n';
        else cout << "YES\n";
    }
}
