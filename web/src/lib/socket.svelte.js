// One Phoenix socket per tab (the server's /socket/websocket speaks Phoenix Channels v2).
// The access token is read at every (re)connect; a new token reconnects the socket.
import { Socket, Presence } from 'phoenix';
import { auth } from './auth.svelte.js';

class Live {
  /** 'idle' (signed out), 'connecting', 'open', 'reconnecting' */
  status = $state('idle');
  socket = null;
  #opened = false;
  #users = 0;

  ensure() {
    if (!auth.token) return null;
    if (!this.socket) {
      this.socket = new Socket('/socket', {
        params: () => ({ token: auth.token }),
        heartbeatIntervalMs: 25_000,
        reconnectAfterMs: (tries) => [500, 1000, 2000, 4000][tries - 1] || 6000,
        rejoinAfterMs: (tries) => [500, 1000, 2000][tries - 1] || 4000,
      });
      this.socket.onOpen(() => {
        this.#opened = true;
        this.status = 'open';
      });
      this.socket.onClose(() => {
        if (this.socket) this.status = this.#opened ? 'reconnecting' : 'connecting';
      });
      this.socket.onError(() => {
        if (this.socket) this.status = this.#opened ? 'reconnecting' : 'connecting';
      });
      this.status = 'connecting';
      this.socket.connect();
    }
    return this.socket;
  }

  /**
   * Joins a topic. handlers: {event: fn}; onJoin(reply) after every (re)join; onError(reason).
   * Returns {channel, leave(), push(event, payload) -> Promise}.
   */
  join(topic, { params = {}, handlers = {}, onJoin, onError, presence } = {}) {
    const socket = this.ensure();
    if (!socket) {
      onError && onError({ reason: 'signed_out', message: 'Sign in to connect.' });
      return { channel: null, leave() {}, push: () => Promise.reject(new Error('not connected')) };
    }
    this.#users++;
    const channel = socket.channel(topic, typeof params === 'function' ? params : () => params);
    for (const [event, fn] of Object.entries(handlers)) channel.on(event, fn);
    let tracker = null;
    if (presence) {
      tracker = new Presence(channel);
      tracker.onSync(() => presence(tracker.list((id, { metas }) => ({ id, metas }))));
    }
    channel
      .join(10_000)
      .receive('ok', (reply) => onJoin && onJoin(reply || {}))
      .receive('error', (reply) => {
        // A refused join is final for this page: stop the client's automatic rejoins.
        channel.leave();
        onError && onError(reply || { reason: 'error' });
      })
      .receive('timeout', () => onError && onError({ reason: 'timeout', message: 'The server did not answer in time.', retrying: true }));
    let left = false;
    return {
      channel,
      leave: () => {
        if (left) return;
        left = true;
        channel.leave();
        this.#users--;
      },
      push: (event, payload = {}, timeout = 15_000) =>
        new Promise((resolve, reject) => {
          channel
            .push(event, payload, timeout)
            .receive('ok', resolve)
            .receive('error', (reply) => reject(Object.assign(new Error((reply && (reply.message || reply.reason)) || 'refused'), reply || {})))
            .receive('timeout', () => reject(Object.assign(new Error('The server did not answer in time.'), { reason: 'timeout' })));
        }),
    };
  }

  /** A new token: reconnect with it; none: close. */
  tokenChanged(token) {
    if (!this.socket) return;
    if (!token) {
      const socket = this.socket;
      this.socket = null;
      this.#opened = false;
      this.status = 'idle';
      socket.disconnect();
      return;
    }
    // The token is only checked at connect: a live socket keeps working. Reconnect only if down.
    if (!this.socket.isConnected()) this.socket.connect();
  }
}

export const live = new Live();
auth.onToken((token) => live.tokenChanged(token));
