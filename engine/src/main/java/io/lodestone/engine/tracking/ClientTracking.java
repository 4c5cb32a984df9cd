package io.lodestone.engine.tracking;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's CLIENT TRACKING settings (Redis's CLIENT_TRACKING_* flags and redirection). Created
 * on the client's first CLIENT TRACKING ON; under the engine lock.
 */
public final class ClientTracking {
    boolean on;
    boolean bcast;
    boolean optin;
    boolean optout;
    boolean noloop;
    /** CLIENT CACHING yes|no was given for the next command. */
    boolean cachingGiven;
    /** The client that receives this one's invalidations, 0 for itself. */
    long redirect;
    /** The redirect target has gone: messages are lost (TRACKINGINFO "broken_redirect", CLIENT LIST R). */
    boolean brokenRedirect;
    /** BCAST prefixes (the empty prefix means every key). */
    final List<byte[]> prefixes = new ArrayList<>();

    public boolean on() {
        return on;
    }

    public boolean bcast() {
        return bcast;
    }

    public boolean optin() {
        return optin;
    }

    public boolean optout() {
        return optout;
    }

    public boolean noloop() {
        return noloop;
    }

    public boolean cachingGiven() {
        return cachingGiven;
    }

    /** CLIENT CACHING yes (OPTIN) or no (OPTOUT): changes whether the next command's keys are tracked. */
    public void giveCaching() {
        cachingGiven = true;
    }

    /** After any command but CLIENT ones, and not inside MULTI: CLIENT CACHING applies to one command. */
    public void clearCaching() {
        cachingGiven = false;
    }

    public long redirect() {
        return redirect;
    }

    public boolean brokenRedirect() {
        return brokenRedirect;
    }

    public List<byte[]> prefixes() {
        return prefixes;
    }

    /** Whether the keys of a read command are remembered now (OPTIN needs CACHING yes, OPTOUT is off with CACHING no). */
    boolean remembersReads() {
        return on && !bcast && !(optin && !cachingGiven) && !(optout && cachingGiven);
    }
}
