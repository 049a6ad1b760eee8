// The "payment came" chime: two short rising tones (0.3 s), made with WebAudio so there is no
// file to ship and nothing for the CSP to allow. Silent when the webview has no audio.

type AudioCtor = new () => AudioContext;

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  const g = globalThis as { AudioContext?: AudioCtor; webkitAudioContext?: AudioCtor };
  const Ctor = g.AudioContext ?? g.webkitAudioContext;
  if (!Ctor) return null;
  context = new Ctor();
  return context;
}

/** One tone with a soft start and end (a hard edge clicks in the speaker). */
function tone(ctx: AudioContext, freq: number, start: number, length: number): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = "sine";
  osc.frequency.setValueAtTime(freq, start);
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
  osc.connect(gain).connect(ctx.destination);
  osc.start(start);
  osc.stop(start + length + 0.02);
}

async function playChime(): Promise<void> {
  try {
    const ctx = audioContext();
    if (!ctx) return;
    if (ctx.state === "suspended") await ctx.resume();
    const now = ctx.currentTime;
    tone(ctx, 880, now, 0.14);
    tone(ctx, 1318.5, now + 0.15, 0.15);
  } catch (err) {
    // No sound device (a bare test machine): the toast and the badge still say it.
    console.warn("payment sound unavailable", err instanceof Error ? err.message : String(err));
  }
}

/** The seam the app plays through; tests replace `play` to count chimes. */
export const sound = { play: playChime };
