// What a stage is while it builds and once it is built: its image config, the layers under it
// (the base image's, then those this build added), the key of its filesystem (the key every
// following step builds on), and the image it started from. A stage built FROM another stage
// starts from a copy of that stage's state.
import type { Image } from '../image/image';
import type { BuiltLayer } from './layerWorkspace';
import type { StageConfig } from './stageConfig';

export interface AddedLayer extends BuiltLayer {
  /** Key of the step that made it (its cache record gives the history time). */
  readonly stepKey: string;
}

export class StageState {
  /** False once a step missed the cache: later config-only steps are not reported as cached. */
  allCached = true;
  /** The reason of the last miss, to explain the misses it causes above it. */
  lastMissReason: string | undefined;
  /** Predictions only: false once the layers are unknown (a step would have to run). */
  layersKnown = true;
  /** ARG names declared in the stage (and the stages it is built on), in order: RUN's history lists them. */
  argNames: string[] = [];

  constructor(
    readonly index: number,
    readonly name: string | undefined,
    public config: StageConfig,
    /** The image the stage's chain starts from; undefined for scratch. */
    readonly baseImage: Image | undefined,
    readonly baseLayers: readonly BuiltLayer[],
    public added: AddedLayer[],
    /** Key of the filesystem so far. */
    public fsKey: string,
  ) {}

  layers(): BuiltLayer[] {
    return [...this.baseLayers, ...this.added];
  }

  /** The starting state of a stage built FROM this one. */
  child(index: number, name: string | undefined): StageState {
    const s = new StageState(index, name, this.config.clone(), this.baseImage, this.baseLayers, [...this.added], this.fsKey);
    s.argNames = [...this.argNames];
    s.layersKnown = this.layersKnown;
    s.allCached = this.allCached;
    s.lastMissReason = this.lastMissReason;
    return s;
  }
}
