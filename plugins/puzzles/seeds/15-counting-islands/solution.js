const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const [r, c] = lines[0].split(' ').map(Number);
const grid = lines.slice(1, r + 1).map((row) => row.split(''));
let count = 0;
let largest = 0;
for (let i = 0; i < r; i++) {
  for (let j = 0; j < c; j++) {
    if (grid[i][j] !== '#') continue;
    count++;
    let size = 0;
    const stack = [[i, j]];
    grid[i][j] = '.';
    while (stack.length > 0) {
      const [y, x] = stack.pop();
      size++;
      for (const [ny, nx] of [[y + 1, x], [y - 1, x], [y, x + 1], [y, x - 1]]) {
        if (ny >= 0 && ny < r && nx >= 0 && nx < c && grid[ny][nx] === '#') {
          grid[ny][nx] = '.';
          stack.push([ny, nx]);
        }
      }
    }
    largest = Math.max(largest, size);
  }
}
console.log(`${count} ${largest}`);
