"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { formatDateTime } from "~/lib/format";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { ActionOutcome } from "../ui/action-outcome";
import {
  applicationServerKey,
  describeUserAgent,
  pushFailureMessage,
  pushUnsupportedReason,
  SERVICE_WORKER_URL,
  subscriptionInput,
} from "./push-device";

/** The id push.subscribe gave this browser's subscription: marks "this device" in the list. */
const DEVICE_ID_KEY = "onair.pushSubscriptionId";

/** What this browser can do: checked once in the browser (the server render shows "checking"). */
type BrowserPush =
  | { state: "checking" }
  | { state: "unsupported"; reason: string }
  | { state: "ready"; permission: NotificationPermission; subscribed: boolean };

function storedDeviceId(): string | null {
  try {
    return window.localStorage.getItem(DEVICE_ID_KEY);
  } catch {
    return null;
  }
}

function storeDeviceId(id: string | null) {
  try {
    if (id) window.localStorage.setItem(DEVICE_ID_KEY, id);
    else window.localStorage.removeItem(DEVICE_ID_KEY);
  } catch {
    // Private mode: the list just does not mark this device.
  }
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration(SERVICE_WORKER_URL);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

function sameKey(subscription: PushSubscription, key: Uint8Array): boolean {
  const current = subscription.options.applicationServerKey;
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === key.length && bytes.every((byte, index) => byte === key[index]);
}

async function checkBrowser(): Promise<BrowserPush> {
  const reason = pushUnsupportedReason({
    secure: window.isSecureContext,
    serviceWorker: "serviceWorker" in navigator,
    pushManager: "PushManager" in window,
    notification: "Notification" in window,
  });
  if (reason) return { state: "unsupported", reason };
  return { state: "ready", permission: Notification.permission, subscribed: (await currentSubscription()) !== null };
}

/** Push on this device (opt in and out through the service worker) and the list of devices that receive pushes. */
export function PushSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const publicKey = useQuery(trpc.push.publicKey.queryOptions());
  const devices = useQuery(trpc.push.subscriptions.queryOptions());
  const [browser, setBrowser] = useState<BrowserPush>({ state: "checking" });
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const subscribe = useMutation(trpc.push.subscribe.mutationOptions());
  const unsubscribe = useMutation(trpc.push.unsubscribe.mutationOptions());
  const removeDevice = useMutation(
    trpc.push.removeDevice.mutationOptions({
      onMutate: () => {
        setError(null);
        setOutcome(null);
      },
      onSuccess: ({ removed }) => {
        setOutcome(removed ? "That device no longer receives pushes." : "That device was already removed.");
        void reloadDevices();
      },
      onError: (caught) => setError(errorMessage(caught)),
    }),
  );
  const sendTest = useMutation(
    trpc.push.test.mutationOptions({
      onMutate: () => {
        setError(null);
        setOutcome(null);
      },
      onSuccess: ({ queued }) =>
        setOutcome(
          queued === 0 ? "No device receives pushes yet." : `A test was sent to ${queued} ${queued === 1 ? "device" : "devices"}.`,
        ),
      onError: (caught) => setError(errorMessage(caught)),
    }),
  );

  useEffect(() => {
    let cancelled = false;
    void checkBrowser().then((checked) => {
      if (cancelled) return;
      setBrowser(checked);
      setDeviceId(storedDeviceId());
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const reloadDevices = () => queryClient.invalidateQueries({ queryKey: trpc.push.subscriptions.queryKey() });
  const deviceList = devices.data ?? [];
  const thisDeviceListed = browser.state === "ready" && browser.subscribed && deviceList.some((device) => device.id === deviceId);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await action());
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
      setBrowser(await checkBrowser());
      await reloadDevices();
    }
  }

  const turnOn = (key: string) =>
    run(async () => {
      const registration = await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: "/" });
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        throw new Error(
          permission === "denied"
            ? "Notifications are blocked for this site. Allow them in the browser's site settings, then try again."
            : "Push stays off: the browser did not get your permission.",
        );
      }
      await navigator.serviceWorker.ready;
      const serverKey = applicationServerKey(key);
      let subscription = await registration.pushManager.getSubscription();
      // Made with another server key (the keys changed): it cannot receive this server's pushes.
      if (subscription && !sameKey(subscription, serverKey)) {
        await subscription.unsubscribe();
        subscription = null;
      }
      if (!subscription) {
        try {
          subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
        } catch (caught) {
          throw new Error(pushFailureMessage(caught));
        }
      }
      const input = subscriptionInput(subscription.toJSON(), navigator.userAgent);
      if (!input) throw new Error("The browser gave a push subscription without its keys. Try again.");
      const { id } = await subscribe.mutateAsync(input);
      storeDeviceId(id);
      setDeviceId(id);
      return "Push is on for this device.";
    });

  const turnOff = () =>
    run(async () => {
      const subscription = await currentSubscription();
      if (subscription) {
        const { endpoint } = subscription;
        await subscription.unsubscribe();
        await unsubscribe.mutateAsync({ endpoint });
      }
      storeDeviceId(null);
      setDeviceId(null);
      return "Push is off for this device.";
    });

  return (
    <section aria-labelledby="notify-push-title" data-testid="push-settings">
      <h2 id="notify-push-title">Push notifications</h2>
      {publicKey.data && publicKey.data.publicKey === null ? (
        <p className="muted" data-testid="push-off-server">
          This OnAir server does not send push notifications.
        </p>
      ) : browser.state === "checking" || !publicKey.data ? (
        <p className="muted">Checking this browser…</p>
      ) : browser.state === "unsupported" ? (
        <p className="muted" data-testid="push-unsupported">
          {browser.reason}
        </p>
      ) : (
        <>
          <p data-testid="push-device-state">
            {thisDeviceListed
              ? "This device receives push notifications."
              : browser.permission === "denied"
                ? "Notifications are blocked for this site in this browser. Allow them in the browser's site settings to turn push on."
                : "This device does not receive push notifications."}
          </p>
          <div className="notify-push-actions">
            {thisDeviceListed ? (
              <button type="button" className="button button-small notify-quiet" disabled={busy} onClick={() => void turnOff()}>
                Turn off on this device
              </button>
            ) : (
              <button
                type="button"
                className="button button-small"
                disabled={busy || browser.permission === "denied"}
                onClick={() => void turnOn(publicKey.data.publicKey!)}
                data-testid="push-turn-on"
              >
                Turn on push on this device
              </button>
            )}
            {deviceList.length > 0 ? (
              <button
                type="button"
                className="button button-small notify-quiet"
                disabled={sendTest.isPending}
                onClick={() => sendTest.mutate()}
              >
                Send a test
              </button>
            ) : null}
          </div>
        </>
      )}
      <ActionOutcome outcome={outcome} error={error ?? (devices.error ? errorMessage(devices.error) : null)} />
      <h3>Devices that receive pushes</h3>
      {deviceList.length === 0 ? (
        <p className="muted" data-testid="push-no-devices">
          None.
        </p>
      ) : (
        <ul className="notify-devices" data-testid="push-devices">
          {deviceList.map((device) => (
            <li key={device.id} className="notify-device" data-testid="push-device">
              <div className="notify-device-text">
                <strong>{describeUserAgent(device.userAgent)}</strong>
                {device.id === deviceId && thisDeviceListed ? <span className="notify-this-device">THIS DEVICE</span> : null}
                <span className="muted">
                  Added {formatDateTime(device.createdAt)}
                  {device.lastSuccessAt ? ` · last push ${formatDateTime(device.lastSuccessAt)}` : " · no push delivered yet"}
                </span>
              </div>
              {device.id === deviceId && thisDeviceListed ? null : (
                <button
                  type="button"
                  className="button button-small notify-quiet"
                  disabled={removeDevice.isPending}
                  aria-label={`Remove ${describeUserAgent(device.userAgent)}, added ${formatDateTime(device.createdAt)}`}
                  onClick={() => removeDevice.mutate({ id: device.id })}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
