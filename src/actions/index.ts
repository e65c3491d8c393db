import { auth } from './auth';
import { quiz } from './quiz';
import { users } from './users';

export const server = { auth, users, quiz };
