import {
  CONTROL_CHANNEL_OPTIONS,
  CONTROL_LABEL,
  ControlState,
  DriveScheduler,
  PING_INTERVAL_MS,
  combineDrive,
  driveFromAxes,
  driveFromKeys,
  driveMessage,
  isDriveKey,
  isZero,
  leaseText,
  type ControlHook,
  type Drive,
} from './control';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function fmtMs(v: number | null): string {
  return v === null ? '–' : `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;
}

/** Keys typed into these must never drive the robot. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

let panelCount = 0;

export interface ControlPanelOptions {
  /** The tile element: the toggle goes into `header`, the panel after it; keys are read while focus is inside it. */
  tile: HTMLElement;
  header: HTMLElement;
  /** Command rate while a key/stick is active, Hz. */
  hz: number;
  /** Start open (and create the channel from the first connection). */
  open: boolean;
  /** The panel was opened but the current peer connection has no `control` channel: reconnect the tile. */
  onNeedChannel: () => void;
}

/**
 * The operator panel of one tile (DOM; protocol logic is in control.ts): a "Control" toggle, lease indicator,
 * Release / Take control, an on-screen pad, RTT (last, median of 20), deadman, telemetry and errors. Creates the
 * `control` data channel on each new peer connection (`attach`, before createOffer) once the panel has been opened.
 * Drives with arrow keys while focus is inside the tile (never from editable fields) and with the first gamepad's
 * left stick while the tile is selected: commands at `hz` while active, one zero when released, then silence.
 */
export class ControlPanel {
  readonly state = new ControlState();
  private readonly section: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly leaseLine: HTMLElement;
  private readonly releaseButton: HTMLButtonElement;
  private readonly acquireButton: HTMLButtonElement;
  private readonly rtt: HTMLElement;
  private readonly sent: HTMLElement;
  private readonly deadman: HTMLElement;
  private readonly telemetry: HTMLElement;
  private readonly error: HTMLElement;
  private readonly scheduler: DriveScheduler;
  private readonly heldKeys = new Set<string>();
  private readonly heldPad = new Set<string>();
  private channel: RTCDataChannel | null = null;
  private enabled: boolean;
  private open = false;
  private selected = false;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private driveTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: ControlPanelOptions) {
    this.enabled = options.open;
    this.scheduler = new DriveScheduler(options.hz);
    const id = `control-${++panelCount}`;

    this.toggle = el('button', 'control-toggle', 'Control');
    this.toggle.type = 'button';
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.setAttribute('aria-controls', id);
    this.toggle.onclick = () => this.setOpen(!this.open);
    options.header.append(this.toggle);

    this.section = el('section', 'control');
    this.section.id = id;
    this.section.tabIndex = -1;
    this.section.setAttribute('aria-label', 'Operator control');
    this.section.hidden = true;

    const top = el('div', 'control-top');
    this.leaseLine = el('p', 'lease', 'No control');
    this.leaseLine.setAttribute('role', 'status');
    this.releaseButton = el('button', 'release', 'Release');
    this.releaseButton.type = 'button';
    this.releaseButton.onclick = () => this.release();
    this.acquireButton = el('button', 'acquire', 'Take control');
    this.acquireButton.type = 'button';
    this.acquireButton.onclick = () => this.send({ type: 'acquire' });
    top.append(this.leaseLine, this.releaseButton, this.acquireButton);

    const pad = el('div', 'pad');
    pad.setAttribute('role', 'group');
    pad.setAttribute('aria-label', 'Drive (hold)');
    for (const [key, label, symbol] of [
      ['ArrowUp', 'Forward', '▲'],
      ['ArrowLeft', 'Turn left', '◀'],
      ['ArrowDown', 'Backward', '▼'],
      ['ArrowRight', 'Turn right', '▶'],
    ] as const) {
      const b = el('button', `pad-${key.slice(5).toLowerCase()}`, symbol);
      b.type = 'button';
      b.setAttribute('aria-label', label);
      const press = (e: PointerEvent): void => {
        e.preventDefault();
        b.setPointerCapture?.(e.pointerId);
        this.heldPad.add(key);
        this.tick();
      };
      const lift = (): void => {
        if (this.heldPad.delete(key)) this.tick();
      };
      b.addEventListener('pointerdown', press);
      b.addEventListener('pointerup', lift);
      b.addEventListener('pointercancel', lift);
      b.addEventListener('lostpointercapture', lift);
      pad.append(b);
    }

    const stats = el('dl', 'control-stats');
    const stat = (label: string): HTMLElement => {
      const dd = el('dd', undefined, '–');
      stats.append(el('dt', undefined, label), dd);
      return dd;
    };
    this.rtt = stat('RTT');
    this.rtt.title = `control channel ping every ${PING_INTERVAL_MS} ms: last / median of the last 20`;
    this.sent = stat('Sent');
    this.deadman = stat('Deadman');
    this.telemetry = stat('Telemetry');
    this.telemetry.className = 'telemetry';
    this.error = el('p', 'control-error');
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    const hint = el('p', 'control-hint', `Arrow keys (tile focused), gamepad left stick or the pad; ${options.hz} Hz.`);
    this.section.append(top, pad, stats, this.error, hint);
    options.tile.append(this.section);

    // "Selected" = focus inside the tile (click on the video focuses the tile).
    options.tile.tabIndex = 0;
    options.tile.addEventListener('pointerdown', (e) => {
      if (e.target instanceof HTMLElement && e.target.closest('button, a, input, select, textarea, summary') === null) options.tile.focus();
    });
    options.tile.addEventListener('focusin', () => (this.selected = true));
    options.tile.addEventListener('focusout', (e) => {
      if (e.relatedTarget instanceof Node && options.tile.contains(e.relatedTarget)) return;
      this.selected = false;
      this.releaseAll();
    });
    options.tile.addEventListener('keydown', (e) => this.onKey(e, true));
    options.tile.addEventListener('keyup', (e) => this.onKey(e, false));
    window.addEventListener('blur', () => this.releaseAll());

    if (options.open) {
      this.setOpen(true);
      if (document.activeElement === null || document.activeElement === document.body) this.section.focus();
    }
    this.render();
  }

  /** The test-hook view. */
  hook(): ControlHook {
    return this.state.hook();
  }

  /** Creates the `control` channel on a new peer connection (call before createOffer) when the panel is enabled. */
  attach(pc: RTCPeerConnection): void {
    this.detach();
    this.scheduler.reset();
    if (!this.enabled) return;
    const ch = pc.createDataChannel(CONTROL_LABEL, CONTROL_CHANNEL_OPTIONS);
    this.channel = ch;
    this.state.channelCreated();
    const changed = (): void => {
      if (this.channel !== ch) return;
      this.state.channelStateChanged(ch.readyState);
      this.scheduler.reset();
      this.render();
    };
    ch.onopen = changed;
    ch.onclose = changed;
    ch.onerror = changed;
    ch.onmessage = (e: MessageEvent) => {
      if (this.channel !== ch || typeof e.data !== 'string') return;
      const msg = this.state.receive(e.data, performance.now());
      if (msg?.type === 'lease' && !msg.granted) this.scheduler.reset();
      if (msg !== null && msg.type !== 'pong' && msg.type !== 'ack') this.render();
    };
    this.startTimers();
    this.render();
  }

  /** Stops for good (page unload / tile removed). */
  dispose(): void {
    this.detach();
    this.stopTimers();
  }

  private detach(): void {
    const ch = this.channel;
    this.channel = null;
    if (ch !== null) {
      ch.onopen = ch.onclose = ch.onerror = ch.onmessage = null;
      if (ch.readyState === 'open' || ch.readyState === 'connecting') ch.close();
    }
    this.state.channelStateChanged('closed');
    if (!this.enabled) this.state.channelState = 'none';
  }

  private setOpen(open: boolean): void {
    this.open = open;
    this.section.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.toggle.classList.toggle('active', open);
    if (!open) this.releaseAll();
    if (open && !this.enabled) {
      this.enabled = true;
      this.options.onNeedChannel(); // the next offer carries m=application
    }
    this.render();
  }

  private onKey(e: KeyboardEvent, down: boolean): void {
    if (!this.open || !isDriveKey(e.key) || isEditable(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault(); // no scrolling while driving
    if (down) {
      if (e.repeat && this.heldKeys.has(e.key)) return;
      this.heldKeys.add(e.key);
    } else {
      this.heldKeys.delete(e.key);
    }
    this.tick();
  }

  private releaseAll(): void {
    if (this.heldKeys.size === 0 && this.heldPad.size === 0) return;
    this.heldKeys.clear();
    this.heldPad.clear();
    this.tick();
  }

  private gamepadDrive(): Drive {
    if (!this.selected || typeof navigator.getGamepads !== 'function') return { linear: 0, angular: 0 };
    for (const pad of navigator.getGamepads()) {
      if (pad !== null && pad.connected) return driveFromAxes(pad.axes);
    }
    return { linear: 0, angular: 0 };
  }

  /** One drive step: sends what the scheduler says for the current input (keys, pad, gamepad). */
  private tick(): void {
    if (!this.state.canDrive) {
      this.scheduler.reset();
      return;
    }
    const keys = new Set([...this.heldKeys, ...this.heldPad]);
    const input = this.open ? combineDrive(driveFromKeys(keys), this.gamepadDrive()) : { linear: 0, angular: 0 };
    const cmd = this.scheduler.next(input, performance.now());
    if (cmd === null) return;
    const hadDeadman = this.state.lastDeadman !== null;
    if (this.send(driveMessage(cmd))) {
      this.state.commandSent(isZero(cmd), performance.now());
      if (hadDeadman || isZero(cmd)) this.render();
    }
  }

  private release(): void {
    this.heldKeys.clear();
    this.heldPad.clear();
    this.tick(); // a zero first when driving
    this.send({ type: 'release' });
  }

  private send(message: object): boolean {
    const ch = this.channel;
    if (ch === null || ch.readyState !== 'open') return false;
    try {
      ch.send(JSON.stringify(message));
      return true;
    } catch (err) {
      console.warn('control send failed', err);
      return false;
    }
  }

  private startTimers(): void {
    this.pingTimer ??= setInterval(() => {
      const ping = this.state.ping(performance.now());
      if (ping !== null) this.send(ping);
      this.render();
    }, PING_INTERVAL_MS);
    this.driveTimer ??= setInterval(() => this.tick(), 1000 / this.options.hz);
  }

  private stopTimers(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    if (this.driveTimer !== null) clearInterval(this.driveTimer);
    this.pingTimer = this.driveTimer = null;
  }

  private render(): void {
    const s = this.state;
    const now = performance.now();
    this.section.dataset['lease'] = s.lease;
    this.section.dataset['channel'] = s.channelState;
    this.leaseLine.textContent = leaseText(s.lease, s.holder, s.channelState);
    this.leaseLine.dataset['lease'] = s.lease;
    this.toggle.dataset['lease'] = s.lease;
    this.releaseButton.disabled = !(s.channelState === 'open' && s.lease === 'holder');
    this.acquireButton.disabled = !(s.channelState === 'open' && s.lease !== 'holder');
    this.rtt.textContent = `${fmtMs(s.rtt.last)} / p50 ${fmtMs(s.rtt.p50())}`;
    this.sent.textContent = String(s.commandsSent);
    this.deadman.textContent = s.lastDeadman ?? '–';
    this.deadman.classList.toggle('tripped', s.lastDeadman !== null);
    this.telemetry.textContent = s.lastTelemetry ?? '–';
    this.telemetry.title = s.lastTelemetry ?? '';
    const showError = s.errorVisible(now);
    this.error.hidden = !showError;
    this.error.textContent = showError ? (s.lastError ?? '') : '';
  }
}
