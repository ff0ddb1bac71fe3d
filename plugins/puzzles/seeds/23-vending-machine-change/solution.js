const data = require('fs').readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
const [n, target] = data;
const coins = data.slice(2, 2 + n);
const MOD = 1000000007;
const ways = new Array(target + 1).fill(0);
ways[0] = 1;
for (const coin of coins) {
  for (let sum = coin; sum <= target; sum++) {
    ways[sum] = (ways[sum] + ways[sum - coin]) % MOD;
  }
}
console.log(ways[target]);
