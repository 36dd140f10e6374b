"""The kallelse-and-handlingar packet of a sammanträde: one PDF with the kallelse and its
föredragningslista, then every punkt's handlingar, in a full and a public version, built in
the background. See docs/handlingar.md.

- `underlag`: the snapshot a packet is built from, and its fingerprint
- `bestall`: `paket_bestall`, the one write path a user takes (queues the build)
- `bygg`: the build the worker runs (`nameden.tasks.bygg_handlingspaket`) and the export
  command calls (`paket_bygg`)
- `kallelse`, `delar`, `sammanfoga`: the kallelse (PDF/A), each handling processed once and
  cached by its SHA-256, and the joining with outline and page labels
- `lage`: what the pages read (state of each version, inaktuell, the stored file, checked)
"""
