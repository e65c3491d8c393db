import { auth } from './auth';
import { kiosks } from './kiosks';
import { quiz } from './quiz';
import { tickets } from './tickets';
import { users } from './users';

export const server = { auth, users, quiz, tickets, kiosks };
