// Names for containers created without one: adjective_noun, like Docker's, from Berth's own (nautical)
// word lists, with a number appended when the pair is taken.
import { randomInt } from 'node:crypto';

const adjectives = [
  'brave', 'calm', 'clever', 'eager', 'gentle', 'happy', 'jolly', 'keen', 'lucid', 'merry', 'nimble', 'proud',
  'quiet', 'rapid', 'serene', 'steady', 'swift', 'tidy', 'vivid', 'wise', 'bold', 'bright', 'crisp', 'fair',
];
const nouns = [
  'anchor', 'beacon', 'bollard', 'buoy', 'capstan', 'compass', 'cutter', 'dinghy', 'dory', 'frigate', 'galley',
  'harbor', 'jetty', 'keel', 'ketch', 'lantern', 'mooring', 'pier', 'quay', 'rudder', 'schooner', 'sloop', 'tiller', 'wharf',
];

export function generateName(taken: (name: string) => boolean): string {
  for (let attempt = 0; ; attempt++) {
    const base = `${adjectives[randomInt(adjectives.length)]}_${nouns[randomInt(nouns.length)]}`;
    const name = attempt < 10 ? base : `${base}${randomInt(1000)}`;
    if (!taken(name)) return name;
  }
}
