// Whiteouts in both of their forms. In an OCI layer (image-spec layer.md) a deleted path is an empty
// file `.wh.<name>` and an opaque directory holds `.wh..wh..opq`. On disk in overlayfs format (what
// snapshots hold, what the kernel's overlay reads) a deleted path is a 0/0 character device and an
// opaque directory carries the xattr trusted.overlay.opaque=y.

export const whiteoutPrefix = '.wh.';
export const opaqueMarker = '.wh..wh..opq';
/** AUFS bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`) that some old layers carry; never content. */
export const aufsMetaPrefix = '.wh..wh.';
export const overlayOpaqueXattr = 'trusted.overlay.opaque';
export const overlayXattrPrefix = 'trusted.overlay.';

/** How whiteouts in a layer are applied to the directory it is extracted into. */
export type WhiteoutMode =
  /** Write overlayfs whiteouts (the directory is an overlay upper dir over the parent snapshots). */
  | 'overlay'
  /** Delete what they hide (the directory already holds the parent's full tree). */
  | 'remove';

export function isWhiteoutDevice(stats: { isCharacterDevice(): boolean; rdev: number }): boolean {
  return stats.isCharacterDevice() && stats.rdev === 0;
}
