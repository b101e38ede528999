// The bench's "commit": a file in the main package whose one string changes from run to run.

/**
 * The stamp file's source. The stamp is read where the compiler cannot rule it out, so that the linker
 * keeps it: an unread variable is dropped, every "commit" would link the same binary, and a builder that
 * kept the last image would have its binary's layer already (a next commit's image build would cost
 * next to nothing, as no real commit's does).
 */
export const stampSource = (id: string): string =>
  [
    'package main',
    '',
    'import "os"',
    '',
    `var benchStamp = ${JSON.stringify(id)}`,
    '',
    'func init() {',
    '\tif len(os.Args) > 1<<20 {',
    '\t\tprintln(benchStamp)',
    '\t}',
    '}',
    ''
  ].join('\n')
