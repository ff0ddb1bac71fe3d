const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const [ins, del, sub] = lines[0].split(' ').map(Number);
const a = lines[1] || '';
const b = lines[2] || '';
// prev[j] = cheapest way to turn the first i letters of a into the first j letters of b
let prev = Array.from({ length: b.length + 1 }, (_, j) => j * ins);
for (let i = 1; i <= a.length; i++) {
  const cur = [i * del];
  for (let j = 1; j <= b.length; j++) {
    const keep = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : sub);
    cur.push(Math.min(keep, prev[j] + del, cur[j - 1] + ins));
  }
  prev = cur;
}
console.log(prev[b.length]);
