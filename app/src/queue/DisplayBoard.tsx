import { useEffect, useRef, useState } from 'react';
import type { QueueBoard } from '../../../electron/api/views-queue';
import { bridge } from '../bridge';
import { translate, type Language, type MessageKey, type Params } from '../i18n';
import './queue.css';

/** The three languages, side by side: the waiting area reads all of them. */
const LANGUAGES: readonly Language[] = ['hy', 'ru', 'en'];
const POLL_MS = 1000;

/** Says a word in every language (Armenian, Russian, English), joined: for the board's headings. */
const all = (key: MessageKey, params?: Params) => LANGUAGES.map((l) => translate(l, key, params));

/** A short chime, made rather than loaded (no file to ship); browsers allow sound only after a first click. */
function chime(context: AudioContext): void {
  for (const [i, frequency] of [660, 880].entries()) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.3, context.currentTime + i * 0.25);
    gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + i * 0.25 + 0.6);
    osc.connect(gain).connect(context.destination);
    osc.start(context.currentTime + i * 0.25);
    osc.stop(context.currentTime + i * 0.25 + 0.6);
  }
}

/** The number, spoken where the system has a voice for the language; silently nothing where it has none. */
function speak(number: string, desk: string): void {
  const synth = globalThis.speechSynthesis as SpeechSynthesis | undefined;
  if (!synth) return;
  const voices = synth.getVoices();
  for (const language of LANGUAGES) {
    const voice = voices.find((v) => v.lang.toLowerCase().startsWith(language));
    if (!voice) continue;
    const utterance = new SpeechSynthesisUtterance(`${number.split('').join(' ')}. ${translate(language, 'display.desk')} ${desk}`);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    synth.speak(utterance);
  }
}

/**
 * The "now serving" screen for a television in the waiting area (`#/display`; issue 17): the numbers called and the
 * desk to go to, the wait per lane, in Armenian, Russian and English, large enough to read from ten metres. It asks
 * the queue host every second and chimes for each new call. It shows no names; it needs no one signed in.
 */
export function DisplayBoard() {
  const [board, setBoard] = useState<QueueBoard>();
  const [sound, setSound] = useState<AudioContext>();
  const lastCall = useRef<number | undefined>(undefined);

  useEffect(() => {
    let live = true;
    const load = async () => {
      const r = await bridge.invoke('queue.board', {});
      if (live && r.ok) setBoard(r.value);
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    // At a queue host on the network, the board comes as soon as it changes (a long poll) rather than each second.
    const stopped = () => !live;
    const watch = async () => {
      let after: number | undefined;
      while (!stopped()) {
        const r = await bridge.invoke('queue.watch', after === undefined ? {} : { after });
        if (stopped()) return;
        if (!r.ok) {
          await new Promise((done) => setTimeout(done, POLL_MS));
          continue;
        }
        const { rev, board: next } = r.value;
        if (rev === null) return;
        clearInterval(timer);
        after = rev;
        setBoard(next);
      }
    };
    void watch();
    const off = bridge.on('data.changed', ({ kinds }) => {
      if (kinds.includes('queue')) void load();
    });
    return () => {
      live = false;
      clearInterval(timer);
      off();
    };
  }, []);

  useEffect(() => {
    const newest = board?.calls[0];
    if (!newest) return;
    if (lastCall.current !== undefined && newest.call > lastCall.current && sound) {
      chime(sound);
      speak(newest.number, newest.desk);
    }
    lastCall.current = newest.call;
  }, [board, sound]);

  const [now, ...earlier] = board?.calls ?? [];
  return (
    <main className="board" lang="hy">
      <h1 className="board__title">{all('display.title').join(' · ')}</h1>
      {!board ? null : !now ? (
        <p className="board__nobody">{all('display.nobody').join(' · ')}</p>
      ) : (
        <>
          <div className="board__now" role="status" aria-live="assertive">
            <span className="board__number" lang="en">
              {now.number}
            </span>
            <span className="board__arrow" aria-hidden="true">
              →
            </span>
            <span className="board__desk">{now.desk}</span>
          </div>
          {earlier.length > 0 && (
            <table className="board__calls">
              <caption className="dup-sr">{all('display.title').join(' · ')}</caption>
              <thead>
                <tr>
                  <th scope="col">{all('display.ticket').join(' · ')}</th>
                  <th scope="col">{all('display.desk').join(' · ')}</th>
                </tr>
              </thead>
              <tbody>
                {earlier.slice(0, 5).map((c) => (
                  <tr key={c.call}>
                    <td lang="en">{c.number}</td>
                    <td>{c.desk}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {board && (
        <section className="board__waits" aria-label={all('display.waits').join(' · ')}>
          <h2>{all('display.waits').join(' · ')}</h2>
          <ul>
            {board.lanes.map((lane) => (
              <li key={lane.lane}>
                <strong>{all(`ticket.lane.${lane.lane}`).join(' · ')}</strong>
                <span>{lane.estimatedWaitMinutes === null ? '—' : all('queue.minutes', { minutes: lane.estimatedWaitMinutes }).join(' · ')}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!sound && (
        <button type="button" className="button board__sound" onClick={() => setSound(new AudioContext())}>
          {all('display.sound').join(' · ')}
        </button>
      )}
    </main>
  );
}

export const isDisplayRoute = (hash: string): boolean => hash === '#/display';
