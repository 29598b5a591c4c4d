// The engine's event feed behind /events: every image operation appends one event in Docker's
// shape; subscribers get them live, and a short history answers `since`. Lives in the daemon's
// memory only, as Docker's does.
import type { Disposable } from './disposable';

export type EventType = 'image' | 'container' | 'volume' | 'network' | 'daemon' | 'builder';

export interface EngineEvent {
  readonly Type: EventType;
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes: Readonly<Record<string, string>> };
  readonly scope: 'local';
  /** Seconds since the epoch. */
  readonly time: number;
  readonly timeNano: number;
  // the pre-1.22 fields Docker still sends
  readonly status: string;
  readonly id: string;
  readonly from?: string;
}

export type EventListener = (event: EngineEvent) => void;

export class EventLog {
  private readonly recent: EngineEvent[] = [];
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly keep = 1000) {}

  emit(type: EventType, action: string, id: string, attributes: Record<string, string> = {}): EngineEvent {
    const nanos = BigInt(Date.now()) * 1_000_000n + process.hrtime.bigint() % 1_000_000n;
    const event: EngineEvent = {
      Type: type,
      Action: action,
      Actor: { ID: id, Attributes: attributes },
      scope: 'local',
      time: Number(nanos / 1_000_000_000n),
      timeNano: Number(nanos),
      status: action,
      id,
      ...(attributes.name !== undefined && type === 'image' ? { from: attributes.name } : {}),
    };
    this.recent.push(event);
    if (this.recent.length > this.keep) this.recent.shift();
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Events kept in memory with timeNano in [sinceNano, untilNano]. */
  history(sinceNano: number, untilNano = Number.MAX_SAFE_INTEGER): EngineEvent[] {
    return this.recent.filter((e) => e.timeNano >= sinceNano && e.timeNano <= untilNano);
  }

  subscribe(listener: EventListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
