/**
 * A provider process outlives nothing. The engine starts the dynamic provider in a process group
 * of its own, behind a shell script that does not `exec`, so a CI runner that kills the `pulumi`
 * CLI's process group (a cancelled job) leaves the provider running, its parent (that shell)
 * alive. Left alone it would finish its pending retries and send writes the state never records.
 *
 * So the provider watches the engine itself: it holds a connection to the engine's address (the
 * one it was started with) and, once that connection has been up, treats a refused reconnection as
 * the engine gone. Then it stops at once: the process exits, which cancels every wait and retry
 * and sends nothing more.
 *
 * Noticing takes a moment (the connection's state changes, then a reconnection is refused). So
 * each write checks first, as its turn comes: `engineStillRuns` connects to the engine's address
 * (on loopback, a fraction of a millisecond), and a write whose engine is gone is never sent.
 */
import * as net from "node:net";
import { engineAddress, engineClient, grpcOfSdk, isEngineAddress } from "./engine-log";

export interface EngineWatch {
  /** Settles when the connection to the engine is first up. */
  readonly connected: Promise<void>;
  /** Stops watching. */
  stop(): void;
}

type Channel = {
  getConnectivityState(tryToConnect: boolean): number;
  watchConnectivityState(state: number, deadline: number, cb: (err?: Error) => void): void;
};

/** Whether nothing listens at `address` any more: a fresh TCP connection is refused. */
export function refused(address: string): Promise<boolean> {
  const at = address.lastIndexOf(":");
  const host = address.slice(0, at).replace(/^\[|\]$/g, "");
  const port = Number(address.slice(at + 1));
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}

/**
 * Calls `onGone` once when the engine at `address` goes away, after its connection was up once.
 * Returns undefined when there is no engine to watch (the process was not started by one).
 */
export function watchEngine(onGone: (address: string) => void, address = engineAddress()): EngineWatch | undefined {
  if (!isEngineAddress(address)) return undefined;
  const client = engineClient(address) as (ReturnType<typeof engineClient> & { close?(): void }) | null;
  if (!client) return undefined;
  const { connectivityState: S } = grpcOfSdk();
  const channel = client.getChannel() as Channel;
  let wasReady = false;
  let stopped = false;
  let up!: () => void;
  const connected = new Promise<void>((resolve) => (up = resolve));
  const step = (): void => {
    if (stopped) return;
    const state = channel.getConnectivityState(true);
    if (state === S.READY) {
      wasReady = true;
      up();
    }
    if (wasReady && (state === S.TRANSIENT_FAILURE || state === S.SHUTDOWN)) {
      void refused(address).then((gone) => {
        if (stopped) return;
        if (gone) {
          stopped = true;
          onGone(address);
        } else {
          wait(state);
        }
      });
      return;
    }
    wait(state);
  };
  const wait = (state: number): void => {
    if (state === S.SHUTDOWN) return;
    channel.watchConnectivityState(state, Infinity, step);
  };
  step();
  return {
    connected,
    stop() {
      stopped = true;
      client.close?.();
    },
  };
}

/** Thrown before a write whose engine is gone: it is not sent. */
export class EngineGoneError extends Error {}

/**
 * Resolves when the engine at `address` still listens; rejects, sending nothing, when it is gone.
 * Without an engine to check (the process was not started by one), it resolves.
 */
export async function engineStillRuns(address = engineAddress()): Promise<void> {
  if (!isEngineAddress(address)) return;
  if (await refused(address)) {
    throw new EngineGoneError(`the Pulumi engine at ${address} is gone (its run was stopped); the write was not sent`);
  }
}
