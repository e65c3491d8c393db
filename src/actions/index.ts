import { auth } from './auth';
import { tickets } from './tickets';
import { users } from './users';

export const server = { auth, users, tickets };
