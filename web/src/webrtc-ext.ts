/**
 * Typings for WebRTC extensions that lib.dom does not declare yet (all optional: guard before use).
 * Sources: W3C webrtc-extensions (RTCRtpHeaderExtensionCapability direction,
 * setHeaderExtensionsToNegotiate, captureTimestamp, senderCaptureTimeOffset, playoutDelayHint is
 * Chrome's legacy name of jitterBufferTarget in seconds).
 */

/** webrtc-extensions §"RTCRtpHeaderExtensionCapability" with its direction member. */
export interface HeaderExtensionCapability {
  uri: string;
  direction: RTCRtpTransceiverDirection;
}

/** An RTCRtpTransceiver that may implement the header-extension control API (Chrome ≥ 117). */
export interface TransceiverWithHeaderExtensions extends RTCRtpTransceiver {
  getHeaderExtensionsToNegotiate?: () => HeaderExtensionCapability[];
  setHeaderExtensionsToNegotiate?: (extensions: HeaderExtensionCapability[]) => void;
}

/** An RTCRtpReceiver that may have Chrome's non-standard `playoutDelayHint` (seconds). */
export interface ReceiverWithPlayoutDelay extends RTCRtpReceiver {
  playoutDelayHint?: number | null;
}

/**
 * RTCRtpSynchronizationSource with the abs-capture-time members (webrtc-extensions §"RTCRtpContributingSource
 * extensions"). Chrome reports `captureTimestamp` as the extension's 64-bit NTP time converted to ms since
 * the NTP epoch (1900-01-01), NOT the Unix epoch (blink rtc_rtp_source.cc: UQ32x32ToInt64Ms; spec issue
 * w3c/webrtc-extensions#97). `senderCaptureTimeOffset` (ms) is the sender's estimate of
 * capture clock − sender clock: Capture NTP = Sender NTP + offset.
 */
export interface SynchronizationSourceWithCapture extends RTCRtpSynchronizationSource {
  captureTimestamp?: number;
  senderCaptureTimeOffset?: number;
}
