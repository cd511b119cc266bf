import Fastify from 'fastify';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { errorsPlugin } from './errors.ts';

// A lost database as plain pg reports it (intake's one statement runs on the pool, not through
// Prisma) is a 503 with Retry-After, like Prisma's connection errors; never a 500.
async function answerTo(error: unknown) {
  const app = Fastify({ logger: false });
  await app.register(errorsPlugin);
  app.get('/boom', async () => {
    throw error;
  });
  const res = await app.inject({ method: 'GET', url: '/boom' });
  await app.close();
  return res;
}

function pgError(code: string, message: string): Error {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

describe('database errors from pg', () => {
  it.each([
    [
      'the server killed under a connection (57P01)',
      pgError('57P01', 'terminating connection due to unexpected postmaster exit'),
    ],
    ['a connection exception (08006)', pgError('08006', 'connection failure')],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a dead client reused', new Error('Client has encountered a connection error and is not queryable')],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'every address refused',
      new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], 'connect failed'),
    ],
  ])('%s → 503 problem+json with Retry-After', async (_name, error) => {
    const res = await answerTo(error);
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
  });

  it('leaves other errors alone: a constraint violation is still a 500, a bug is still a 500', async () => {
    expect((await answerTo(pgError('23505', 'duplicate key'))).statusCode).toBe(500);
    expect((await answerTo(new TypeError('x is undefined'))).statusCode).toBe(500);
  });
});
