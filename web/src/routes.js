import Home from './pages/Home.svelte';
import Login from './pages/Login.svelte';
import Register from './pages/Register.svelte';
import Puzzles from './pages/Puzzles.svelte';
import Puzzle from './pages/Puzzle.svelte';
import Solve from './pages/Solve.svelte';
import PuzzleEdit from './pages/PuzzleEdit.svelte';
import MyPuzzles from './pages/MyPuzzles.svelte';
import Submissions from './pages/Submissions.svelte';
import Lobby from './pages/Lobby.svelte';
import Room from './pages/Room.svelte';
import Game from './pages/Game.svelte';
import Games from './pages/Games.svelte';
import Profile from './pages/Profile.svelte';
import Settings from './pages/Settings.svelte';

// In order: the first pattern that matches wins. auth: the page needs a signed-in user.
export const routes = [
  { pattern: '/', component: Home, title: 'CodeArena' },
  { pattern: '/login', component: Login, title: 'Sign in' },
  { pattern: '/register', component: Register, title: 'Create an account' },
  { pattern: '/puzzles', component: Puzzles, title: 'Puzzles' },
  { pattern: '/puzzles/new', component: PuzzleEdit, title: 'New puzzle', auth: true },
  { pattern: '/puzzles/:id', component: Puzzle, title: 'Puzzle' },
  { pattern: '/puzzles/:id/solve', component: Solve, title: 'Solve' },
  { pattern: '/puzzles/:id/edit', component: PuzzleEdit, title: 'Edit puzzle', auth: true },
  { pattern: '/my/puzzles', component: MyPuzzles, title: 'My puzzles', auth: true },
  { pattern: '/my/submissions', component: Submissions, title: 'My submissions', auth: true },
  { pattern: '/play', component: Lobby, title: 'Multiplayer' },
  { pattern: '/rooms/:id', component: Room, title: 'Waiting room', auth: true },
  { pattern: '/games', component: Games, title: 'Games and leaderboard' },
  { pattern: '/games/:id', component: Game, title: 'Game' },
  { pattern: '/u/:username', component: Profile, title: 'Profile' },
  { pattern: '/settings', component: Settings, title: 'Settings', auth: true },
];
