const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const [n, k] = lines[0].split(' ').map(Number);
const shift = ((k % 26) + 26) % 26;
const out = [];
for (let i = 1; i <= n; i++) {
  out.push(lines[i].replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + shift) % 26) + base);
  }));
}
console.log(out.join('\n'));
