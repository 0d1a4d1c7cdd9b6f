/**
 * Event tickets (docs/rool-events.md): `EventSource` cannot send an
 * `Authorization` header, so a page trades its bearer token for a ticket and
 * puts that in the stream's URL. A ticket is random (256 bits), bound to the
 * user and the credential it was issued for, lives 10 minutes, and may be
 * used again by reconnects within that time. Tickets are kept only in
 * memory, never logged, and forgotten on reset.
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import { toBase64url } from '../base64.ts';
import type { Credential } from '../context.ts';

/** How long a ticket may be used, in milliseconds (10 minutes). */
export const ticketLifetimeMs = 10 * 60 * 1000;

/**
 * A ticket's prefix. It starts with `rool_`, so that the mock's error messages redact any value
 * holding one (../auth.ts `quoteValue`).
 */
export const ticketPrefix = 'rool_evt_';

/** Who a ticket lets in. */
export interface TicketGrant {
  /** The user. */
  userId: string;
  /** The credential the ticket was issued for; the ticket dies with it. */
  credential: Credential;
  /** When that credential expires (epoch ms), or `null` when it does not. */
  credentialExpiresAt: number | null;
}

interface TicketRecord extends TicketGrant {
  expiresAt: number;
}

/**
 * The tickets issued and not yet expired.
 *
 * @example A ticket lets its user in until it expires, ten minutes after it was issued
 * ```ts
 * import assert from 'node:assert/strict';
 * import { TicketStore } from './tickets.ts';
 * const store = new TicketStore(5);
 * const credential = { kind: 'opaque' as const, token: 'rool_alice_token' };
 * const { ticket } = store.issue({ userId: 'usr_alice', credential, credentialExpiresAt: null }, 0);
 * assert.equal(store.redeem(ticket, 1_000)?.userId, 'usr_alice');
 * store.clear();
 * assert.equal(store.redeem(ticket, 1_000), undefined);
 * ```
 */
export class TicketStore {
  #tickets = new Map<string, TicketRecord>();
  #byUser = new Map<string, Set<string>>();
  #perUser: number;

  /**
   * Creates an empty store.
   *
   * @param perUser The most unexpired tickets a user may hold.
   */
  constructor(perUser: number) {
    this.#perUser = perUser;
  }

  /**
   * Issues a ticket.
   *
   * @param grant Who it lets in.
   * @param now The clock reading (ms).
   * @returns The ticket and when it expires (epoch ms).
   * @throws {RpcFault} `rate_limited` when the user holds as many unexpired tickets as allowed.
   *
   * @example Usage
   * ```ts
   * import assert from 'node:assert/strict';
   * import { TicketStore } from './tickets.ts';
   * const store = new TicketStore(5);
   * const grant = { userId: 'usr_alice', credential: { kind: 'jwt' as const, jti: 'j1', expiresAt: 2e12 }, credentialExpiresAt: 2e12 };
   * const { ticket, expiresAt } = store.issue(grant, 0);
   * assert.equal(expiresAt, 600_000);
   * assert.equal(store.redeem(ticket, 599_999)?.userId, 'usr_alice');
   * assert.equal(store.redeem(ticket, 600_000), undefined);
   * ```
   */
  issue(grant: TicketGrant, now: number): { ticket: string; expiresAt: number } {
    const mine = this.#byUser.get(grant.userId) ?? new Set<string>();
    for (const ticket of mine) {
      if (this.#tickets.get(ticket)!.expiresAt <= now) this.#forget(ticket);
    }
    if (mine.size >= this.#perUser) {
      throw new RpcFault(
        'rate_limited',
        `A user may hold at most ${this.#perUser} unexpired event tickets; ` +
          'reuse one (it serves reconnects for 10 minutes)',
      );
    }
    const ticket = ticketPrefix + randomToken();
    const expiresAt = now + ticketLifetimeMs;
    this.#tickets.set(ticket, { ...grant, expiresAt });
    mine.add(ticket);
    this.#byUser.set(grant.userId, mine);
    return { ticket, expiresAt };
  }

  /**
   * Looks a ticket up; it stays usable until it expires.
   *
   * @param ticket The ticket.
   * @param now The clock reading (ms).
   * @returns Who it lets in, or `undefined` when it is unknown or expired.
   */
  redeem(ticket: string, now: number): TicketGrant | undefined {
    const record = this.#tickets.get(ticket);
    if (!record) return undefined;
    if (record.expiresAt <= now) {
      this.#forget(ticket);
      return undefined;
    }
    const { userId, credential, credentialExpiresAt } = record;
    return { userId, credential, credentialExpiresAt };
  }

  /** Forgets every ticket (the mock was reset). */
  clear(): void {
    this.#tickets.clear();
    this.#byUser.clear();
  }

  #forget(ticket: string): void {
    const record = this.#tickets.get(ticket);
    if (!record) return;
    this.#tickets.delete(ticket);
    const mine = this.#byUser.get(record.userId);
    mine?.delete(ticket);
    if (mine?.size === 0) this.#byUser.delete(record.userId);
  }
}

/** 32 random bytes as unpadded base64url: 43 characters. */
function randomToken(): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(32)));
}
