/**
 * The progress line of a long `events send`: events read and accepted, redrawn on stderr a few
 * times a second, and only when stderr is a terminal (a script or an agent reading stderr gets
 * nothing but errors).
 */
export function startProgress(stderr: NodeJS.WriteStream, read: () => number, accepted: () => number): () => void {
  if (!stderr.isTTY) return () => undefined;
  const draw = () => stderr.write(`\r\x1b[2Kread ${read()}  accepted ${accepted()}`);
  const timer = setInterval(draw, 200);
  timer.unref();
  return () => {
    clearInterval(timer);
    draw();
    stderr.write("\n");
  };
}
