import { auth } from './auth';
import { users } from './users';

export const server = { auth, users };
