"""Rechecks existing data against .torrent files with libtorrent and prints one JSON line each.

usage: lt_recheck.py SAVE_PATH TORRENT...

SAVE_PATH is the directory that holds the dataset directory (the torrents' top-level name).
Load limits are raised far above libtorrent's defaults. libtorrent replaces path bytes that are
not valid UTF-8; for such files a hard link under the name libtorrent expects is made in
SAVE_PATH first (so SAVE_PATH should be a scratch copy), and reported as "renamed".
"""
import json
import os
import sys
import time

import libtorrent as lt

LIMITS = {'max_buffer_size': 1 << 30, 'max_decode_tokens': 100_000_000,
          'max_pieces': 1 << 24, 'max_decode_depth': 100}


def link_sanitized(save, path, ti):
    raw = lt.bdecode(open(path, 'rb').read())
    info = raw[b'info']
    name = info[b'name']
    fs = ti.files()
    renamed = 0
    for i, f in enumerate(info[b'files']):
        rel = os.path.join(name, *f[b'path'])
        want = os.path.join(save.encode(), fs.file_path(i).encode('utf-8'))
        have = os.path.join(save.encode(), rel)
        if want != have and os.path.exists(have) and not os.path.exists(want):
            os.makedirs(os.path.dirname(want), exist_ok=True)
            os.link(have, want)
            renamed += 1
    return renamed


def main():
    save = sys.argv[1]
    ses = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False,
                      'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
                      'alert_mask': 0})
    for path in sys.argv[2:]:
        ti = lt.torrent_info(path, LIMITS)
        renamed = link_sanitized(save, path, ti)
        atp = lt.add_torrent_params()
        atp.ti = ti
        atp.save_path = save
        atp.flags &= ~lt.torrent_flags.auto_managed
        atp.flags |= lt.torrent_flags.paused
        h = ses.add_torrent(atp)
        h.force_recheck()
        h.resume()
        deadline = time.time() + 120
        while True:
            s = h.status()
            if s.state not in (lt.torrent_status.checking_files,
                               lt.torrent_status.checking_resume_data) and s.total_wanted > 0 \
                    and s.progress_ppm >= 0 and not s.paused and s.has_metadata:
                time.sleep(0.05)
                s = h.status()
                if s.state not in (lt.torrent_status.checking_files,
                                   lt.torrent_status.checking_resume_data):
                    break
            if time.time() > deadline:
                raise SystemExit('timeout rechecking ' + path)
            time.sleep(0.05)
        print(json.dumps({'torrent': os.path.basename(path), 'info_hash': str(ti.info_hash()),
                          'files': ti.num_files(), 'pieces': ti.num_pieces(),
                          'piece_length': ti.piece_length(),
                          'total_wanted': s.total_wanted, 'total_wanted_done': s.total_wanted_done,
                          'renamed': renamed}), flush=True)
        ses.remove_torrent(h)


main()
