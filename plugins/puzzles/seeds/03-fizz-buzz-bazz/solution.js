const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
const out = [];
for (let i = a; i <= b; i++) {
  let word = '';
  if (i % 3 === 0) word += 'Fizz';
  if (i % 5 === 0) word += 'Buzz';
  if (i % 7 === 0) word += 'Bazz';
  out.push(word || String(i));
}
console.log(out.join('\n'));
