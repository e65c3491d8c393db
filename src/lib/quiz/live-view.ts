/**
 * What the projector and each phone see of a paced session, pure: built from one snapshot
 * (quiz, session, players, answers) so every event sends one consistent picture. A phone never
 * receives the right answer before the reveal, nor anyone else's answers; the projector never
 * shows who answered what, only how many.
 */
import type { ClauseLink } from '../policies/clause-link';
import type { LeaderboardMode, LiveAnswer, LivePhase, LivePlayer, LiveSession } from './live-schema';
import { countedAnswers, distributionOf, isAnswering } from './live';
import { displayName, rankStandings, standingsOf } from './live-points';
import type { Quiz, QuizResponse } from './schema';

/** Everything a view is built from, read from the store in one go. */
export interface LiveSnapshot {
  quiz: Quiz;
  session: LiveSession;
  players: LivePlayer[];
  answers: LiveAnswer[];
}

/** A question as shown: no answer key. */
export interface ShownQuestion {
  prompt: string;
  type: 'single' | 'multiple' | 'truefalse';
  /** Options in stored order (true/false: `true`, `false`), each with its letter (A, B …). */
  options: { id: string; letter: string; text: string }[];
}

interface Common {
  rev: number;
  phase: LivePhase;
  /** Whether answers are taken right now (open and the countdown running). */
  answering: boolean;
  index: number;
  count: number;
  title: string;
  seconds: number;
  deadline?: string;
  /** The server's clock when the view was built (phones and projector correct their countdown by it). */
  serverNow: string;
  leaderboard: LeaderboardMode;
  question?: ShownQuestion;
}

export interface ProjectorView extends Common {
  kind: 'projector';
  joined: number;
  /** Answers to the current question. */
  answered: number;
  reveal?: {
    options: { id: string; letter: string; text: string; count: number; correct: boolean }[];
    total: number;
    clauses: { id: string; href?: string; title: string }[];
    explanation: string;
  };
  /** Top of the leaderboard (after a reveal and at the end, unless switched off). */
  board?: { rank: number; name: string; points: number }[];
}

export interface PlayerView extends Common {
  kind: 'player';
  joined: boolean;
  /** This person's answer to the current question, if any. */
  mine?: QuizResponse;
  reveal?: {
    /** null: no answer given. */
    correct: boolean | null;
    points: number;
    /** The right option ids (true/false: `true` or `false`). */
    answer: string[];
    explanation: string;
  };
  /** Points so far. */
  total: number;
  /** Rank among the players (unless the leaderboard is off). */
  rank?: number;
  players: number;
}

/** Letters of options by position: A, B, C … */
export const letterOf = (i: number) => String.fromCharCode(65 + i);

/** How many leaderboard rows the projector shows. */
export const BOARD_SIZE = 10;

function shown(snap: LiveSnapshot, trueFalse: { yes: string; no: string }): ShownQuestion | undefined {
  if (snap.session.phase === 'waiting') return undefined;
  const q = snap.quiz.questions[snap.session.index];
  if (!q) return undefined;
  const options =
    q.type === 'truefalse'
      ? [
          { id: 'true', letter: 'A', text: trueFalse.yes },
          { id: 'false', letter: 'B', text: trueFalse.no },
        ]
      : q.options.map((o, i) => ({ id: o.id, letter: letterOf(i), text: o.text }));
  return { prompt: q.prompt, type: q.type, options };
}

function common(snap: LiveSnapshot, now: Date, trueFalse: { yes: string; no: string }): Common {
  const s = snap.session;
  return {
    rev: s.rev,
    phase: s.phase,
    answering: isAnswering(s, now),
    index: s.index,
    count: snap.quiz.questions.length,
    title: snap.quiz.settings.title,
    seconds: s.seconds,
    deadline: s.phase === 'open' ? s.deadline : undefined,
    serverNow: now.toISOString(),
    leaderboard: s.leaderboard,
    question: shown(snap, trueFalse),
  };
}

const revealed = (phase: LivePhase) => phase === 'revealed' || phase === 'finished';

/** The projector's view. */
export function projectorView(
  snap: LiveSnapshot,
  now: Date,
  link: (clauseId: string) => ClauseLink,
  trueFalse: { yes: string; no: string },
): ProjectorView {
  const base = common(snap, now, trueFalse);
  const counted = countedAnswers(snap.session, snap.answers);
  const current = counted.filter((a) => a.index === snap.session.index);
  const q = snap.quiz.questions[snap.session.index];
  const view: ProjectorView = { ...base, kind: 'projector', joined: snap.players.length, answered: current.length };
  if (q && base.question && revealed(snap.session.phase) && snap.session.lockedAt[snap.session.index]) {
    const dist = distributionOf(q, current);
    view.reveal = {
      options: dist.options.map((o, i) => ({
        ...o,
        letter: base.question!.options[i].letter,
        text: base.question!.options[i].text,
      })),
      total: dist.total,
      clauses: q.clauses.map((id) => {
        const l = link(id);
        return { id, href: l.href, title: l.title };
      }),
      explanation: q.explanation,
    };
  }
  if (revealed(snap.session.phase) && snap.session.leaderboard !== 'off') {
    view.board = rankStandings(standingsOf(snap.players, counted))
      .slice(0, BOARD_SIZE)
      .map((s) => ({ rank: s.rank, name: displayName(s.name, snap.session.leaderboard), points: s.points }));
  }
  return view;
}

/** One person's view on their phone. */
export function playerView(
  snap: LiveSnapshot,
  userId: string,
  now: Date,
  trueFalse: { yes: string; no: string },
): PlayerView {
  const base = common(snap, now, trueFalse);
  const counted = countedAnswers(snap.session, snap.answers);
  const joined = snap.players.some((p) => p.userId === userId);
  const mine = snap.answers.find((a) => a.userId === userId && a.index === snap.session.index);
  const minesCounted = counted.find((a) => a.userId === userId && a.index === snap.session.index);
  const ranked = rankStandings(standingsOf(snap.players, counted));
  const me = ranked.find((s) => s.userId === userId);
  const view: PlayerView = {
    ...base,
    kind: 'player',
    joined,
    mine: mine?.value,
    total: me?.points ?? 0,
    rank: snap.session.leaderboard === 'off' ? undefined : me?.rank,
    players: snap.players.length,
  };
  const q = snap.quiz.questions[snap.session.index];
  if (q && revealed(snap.session.phase) && snap.session.lockedAt[snap.session.index]) {
    view.reveal = {
      correct: minesCounted ? minesCounted.correct : null,
      points: minesCounted?.points ?? 0,
      answer: q.type === 'truefalse' ? [String(q.answer)] : [...q.answer],
      explanation: q.explanation,
    };
  }
  return view;
}
