// What each judge verdict means, for people.
export const VERDICTS = {
  OK: { label: 'Accepted', tone: 'ok', help: 'Every test passed.' },
  WA: { label: 'Wrong answer', tone: 'bad', help: 'The program ran but printed something other than the expected output.' },
  RE: {
    label: 'Runtime error',
    tone: 'bad',
    help: 'The program crashed or exited with a non-zero status (an exception, a failed assertion, exit(1)). Its error output is shown below when the test is public.',
  },
  TLE: {
    label: 'Time limit exceeded',
    tone: 'bad',
    help: 'The program used more CPU or wall-clock time than the limit: look for an infinite loop, a slower algorithm than needed, or a program waiting for input it never gets.',
  },
  MLE: {
    label: 'Memory limit exceeded',
    tone: 'bad',
    help: 'The program used more memory than allowed: very large arrays, unbounded recursion or data kept that is no longer needed.',
  },
  OLE: { label: 'Output limit exceeded', tone: 'bad', help: 'The program printed far more than expected (often a print inside a loop that never ends).' },
  CE: { label: 'Compilation error', tone: 'bad', help: 'The code did not compile; the compiler says why below. Nothing was run.' },
  SG: { label: 'Killed by a signal', tone: 'bad', help: 'The program was stopped by a signal such as a segmentation fault (an invalid memory access).' },
  XX: { label: 'Internal error', tone: 'warn', help: 'The judge itself failed on this submission; it is not your fault. Try again in a moment.' },
};

export function verdictInfo(verdict) {
  return VERDICTS[verdict] || { label: verdict || 'Pending', tone: 'pending', help: '' };
}
