import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventEmitter } from './events.ts';
import type { Logger } from './logger.ts';

type Events = { changed: [value: number, label: string]; closed: [] };

class Emitter extends EventEmitter<Events> {
  fire<K extends keyof Events>(event: K, ...args: Events[K]): void {
    this.emit(event, ...args);
  }
}

function recordingLogger(): Logger & { errors: unknown[][] } {
  const errors: unknown[][] = [];
  return { errors, debug() {}, info() {}, warn() {}, error: (...args) => errors.push(args) };
}

describe('EventEmitter', () => {
  test('delivers arguments to listeners in the order they were added', () => {
    const emitter = new Emitter();
    const seen: string[] = [];
    emitter.on('changed', (value, label) => seen.push(`a:${value}:${label}`));
    emitter.on('changed', (value) => seen.push(`b:${value}`));
    emitter.fire('changed', 1, 'one');
    assert.deepEqual(seen, ['a:1:one', 'b:1']);
  });

  test('on returns an unsubscribe function; off removes a listener', () => {
    const emitter = new Emitter();
    let a = 0;
    let b = 0;
    const stopA = emitter.on('closed', () => a++);
    const listenerB = () => b++;
    emitter.on('closed', listenerB);
    emitter.fire('closed');
    stopA();
    emitter.off('closed', listenerB);
    emitter.fire('closed');
    assert.deepEqual([a, b], [1, 1]);
    assert.equal(emitter.listenerCount('closed'), 0);
  });

  test('once hears one event; its unsubscribe works before it fires; off removes it', () => {
    const emitter = new Emitter();
    let count = 0;
    emitter.once('closed', () => count++);
    emitter.fire('closed');
    emitter.fire('closed');
    assert.equal(count, 1);
    const stop = emitter.once('closed', () => count++);
    stop();
    const listener = () => count++;
    emitter.once('closed', listener);
    emitter.off('closed', listener);
    emitter.fire('closed');
    assert.equal(count, 1);
  });

  test('adding the same listener twice delivers once', () => {
    const emitter = new Emitter();
    let count = 0;
    const listener = () => count++;
    emitter.on('closed', listener);
    emitter.on('closed', listener);
    emitter.fire('closed');
    assert.equal(count, 1);
  });

  test('a throwing listener is logged and does not stop the others', () => {
    const logger = recordingLogger();
    const emitter = new Emitter(logger);
    let reached = false;
    emitter.on('closed', () => {
      throw new Error('boom');
    });
    emitter.on('closed', () => reached = true);
    emitter.fire('closed');
    assert.equal(reached, true);
    assert.equal(logger.errors.length, 1);
    assert.match(String(logger.errors[0]![0]), /closed/);
  });

  test('listeners removed or added during delivery take effect from the next event', () => {
    const emitter = new Emitter();
    const seen: string[] = [];
    const second = () => seen.push('second');
    emitter.on('closed', () => {
      seen.push('first');
      emitter.off('closed', second);
      emitter.on('closed', () => seen.push('late'));
    });
    emitter.on('closed', second);
    emitter.fire('closed');
    assert.deepEqual(seen, ['first', 'second']);
    emitter.fire('closed');
    assert.deepEqual(seen, ['first', 'second', 'first', 'late']);
  });

  test('removeAllListeners clears one event or all', () => {
    const emitter = new Emitter();
    emitter.on('closed', () => {});
    emitter.on('changed', () => {});
    emitter.removeAllListeners('closed');
    assert.equal(emitter.listenerCount('closed'), 0);
    assert.equal(emitter.listenerCount('changed'), 1);
    emitter.removeAllListeners();
    assert.equal(emitter.listenerCount('changed'), 0);
  });
});
