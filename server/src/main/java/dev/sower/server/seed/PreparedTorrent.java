package dev.sower.server.seed;

import java.util.BitSet;

/** A torrent after its {@link StartupCheck}: the pieces to announce and the guard that hashes
 *  each before it is first served. */
public record PreparedTorrent(SeedTorrent torrent, BitSet verified, ServeGuard guard,
    StartupCheck.Result check) {}
