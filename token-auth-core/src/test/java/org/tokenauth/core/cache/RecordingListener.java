package org.tokenauth.core.cache;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** What an {@link InvalidationBus} delivered, for a bus's own tests: its messages, and how many gaps. */
public final class RecordingListener implements InvalidationBus.Listener {

    /** The messages, in the order delivered. */
    public final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    /** The gaps reported: one at each (re)subscription. */
    public final AtomicInteger gaps = new AtomicInteger();

    @Override
    public void message(String message) {
        messages.add(message);
    }

    @Override
    public void gap() {
        gaps.incrementAndGet();
    }
}
