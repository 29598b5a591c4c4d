/**
 * Berth's settings, shared by the client (which contributes them) and the server (which reads
 * them through workspace/configuration under the `berth` section). Raw values are normalised here
 * once, so the rest of the server sees typed settings with defaults.
 */
import type { SeveritySetting } from '../../engine/src/dockerfile/lint/lint';

export interface BerthSettings {
  /** Severity per rule id; rules not listed use their default. */
  readonly rules: ReadonlyMap<string, SeveritySetting>;
  /** Registries FROM may pull from (hadolint DL3026); empty = no restriction. */
  readonly trustedRegistries: readonly string[];
  /** Build context folder, relative to the Dockerfile's folder (default: the Dockerfile's folder). */
  readonly buildContext: string | undefined;
  /** Whether to contact a container engine for image tags and layer sizes. */
  readonly engineEnabled: boolean;
}

export const DEFAULT_SETTINGS: BerthSettings = {
  rules: new Map(),
  trustedRegistries: [],
  buildContext: undefined,
  engineEnabled: true,
};

const SEVERITIES: readonly SeveritySetting[] = ['default', 'error', 'warning', 'info', 'hint', 'off'];

export function severityFrom(value: unknown): SeveritySetting {
  if (typeof value !== 'string') return 'default';
  const v = value.toLowerCase();
  if (v === 'information') return 'info';
  return (SEVERITIES as readonly string[]).includes(v) ? (v as SeveritySetting) : 'default';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Normalises the `berth` configuration section (VS Code nests dotted keys into objects). */
export function settingsFrom(raw: unknown): BerthSettings {
  if (!isRecord(raw)) return DEFAULT_SETTINGS;
  const rules = new Map<string, SeveritySetting>();
  if (isRecord(raw.rules)) {
    for (const [id, value] of Object.entries(raw.rules)) {
      const severity = severityFrom(value);
      if (severity !== 'default') rules.set(id, severity);
    }
  }
  const trusted = isRecord(raw.hadolint) && Array.isArray(raw.hadolint.trustedRegistries) ? raw.hadolint.trustedRegistries : [];
  const build = isRecord(raw.build) ? raw.build : {};
  const engine = isRecord(raw.engine) ? raw.engine : {};
  return {
    rules,
    trustedRegistries: trusted.filter((r): r is string => typeof r === 'string'),
    buildContext: typeof build.context === 'string' && build.context.trim() ? build.context : undefined,
    engineEnabled: engine.enabled !== false,
  };
}
