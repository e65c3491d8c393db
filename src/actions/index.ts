import { auth } from './auth';
import { kiosks } from './kiosks';
import { live } from './live';
import { quiz } from './quiz';
import { questions } from './questions';
import { tickets } from './tickets';
import { training } from './training';
import { users } from './users';

export const server = { auth, users, quiz, questions, tickets, kiosks, training, live };
