import { api } from './lib/api.js';
import { prefetch } from './lib/prefetch.js';

export const puzzleKey = (id) => `puzzle:${id}`;
const fetchPuzzle = (id) => api(`/puzzle/${encodeURIComponent(id)}`);
const prefetchPuzzle = (params) => prefetch(puzzleKey(params.id), () => fetchPuzzle(params.id));

// Pages are loaded on demand (one chunk each) so the first page pays only for itself.
// In order: the first pattern that matches wins. auth: the page needs a signed-in user.
export const routes = [
  { pattern: '/', load: () => import('./pages/Home.svelte'), title: 'CodeArena' },
  { pattern: '/login', load: () => import('./pages/Login.svelte'), title: 'Sign in' },
  { pattern: '/register', load: () => import('./pages/Register.svelte'), title: 'Create an account' },
  { pattern: '/puzzles', load: () => import('./pages/Puzzles.svelte'), title: 'Puzzles' },
  { pattern: '/puzzles/new', load: () => import('./pages/PuzzleEdit.svelte'), title: 'New puzzle', auth: true },
  { pattern: '/puzzles/:id', load: () => import('./pages/Puzzle.svelte'), title: 'Puzzle', prefetch: prefetchPuzzle },
  { pattern: '/puzzles/:id/solve', load: () => import('./pages/Solve.svelte'), title: 'Solve', prefetch: prefetchPuzzle },
  { pattern: '/puzzles/:id/edit', load: () => import('./pages/PuzzleEdit.svelte'), title: 'Edit puzzle', auth: true },
  { pattern: '/my/puzzles', load: () => import('./pages/MyPuzzles.svelte'), title: 'My puzzles', auth: true },
  { pattern: '/my/submissions', load: () => import('./pages/Submissions.svelte'), title: 'My submissions', auth: true },
  { pattern: '/play', load: () => import('./pages/Lobby.svelte'), title: 'Multiplayer' },
  { pattern: '/rooms/:id', load: () => import('./pages/Room.svelte'), title: 'Waiting room', auth: true },
  { pattern: '/leaderboard', load: () => import('./pages/Games.svelte'), title: 'Leaderboard' },
  { pattern: '/games/:id', load: () => import('./pages/Game.svelte'), title: 'Game' },
  { pattern: '/u/:username', load: () => import('./pages/Profile.svelte'), title: 'Profile' },
  { pattern: '/moderation', load: () => import('./pages/Moderation.svelte'), title: 'Review queue', auth: true },
  { pattern: '/settings', load: () => import('./pages/Settings.svelte'), title: 'Settings', auth: true },
];
