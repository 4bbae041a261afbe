package dev.kvmrunner.admission;

/**
 * A counting limit whose size may change while holders wait: the boot pool's concurrent boots,
 * the active domain groups. Lowering it takes effect as holders release; nobody is preempted.
 */
public final class AdjustableLimit {
    private int limit;
    private int used;
    /** Places held back for a while (never below one place): see {@link #withhold}. */
    private int withheld;

    public AdjustableLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a limit must be at least 1: " + limit);
        }
        this.limit = limit;
    }

    /** Waits until fewer than the limit are held, then holds one. */
    public synchronized void acquire() throws InterruptedException {
        while (used >= effective()) {
            wait();
        }
        used++;
    }

    /** Holds one if that needs no waiting; says whether it did. */
    public synchronized boolean tryAcquire() {
        if (used >= effective()) {
            return false;
        }
        used++;
        return true;
    }

    public synchronized void release() {
        if (used == 0) {
            throw new IllegalStateException("release without acquire");
        }
        used--;
        notifyAll();
    }

    /**
     * Releases one only if more are held than the limit now allows (it was lowered); says whether
     * it did. A holder that wants to go on keeps its hold otherwise, so that the limit's holders do
     * not take turns with those waiting.
     */
    public synchronized boolean releaseIfOver() {
        if (used <= effective()) {
            return false;
        }
        used--;
        notifyAll();
        return true;
    }

    public synchronized void setLimit(int newLimit) {
        if (newLimit < 1) {
            throw new IllegalArgumentException("a limit must be at least 1: " + newLimit);
        }
        limit = newLimit;
        notifyAll();
    }

    public synchronized int limit() {
        return limit;
    }

    /** The places that may be held now: the limit less those withheld, and never fewer than one. */
    public synchronized int effective() {
        return Math.max(1, limit - withheld);
    }

    /**
     * Holds back N places until {@link #restore} gives them back (several holders add up); like a
     * lowered limit, it takes effect as holders release. The limit itself, which the controller
     * sets, is unchanged.
     */
    public synchronized void withhold(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot withhold " + n);
        }
        withheld += n;
    }

    public synchronized void restore(int n) {
        if (n < 0 || n > withheld) {
            throw new IllegalStateException("restoring " + n + " of " + withheld + " withheld");
        }
        withheld -= n;
        notifyAll();
    }

    /** How many are held right now. */
    public synchronized int used() {
        return used;
    }
}
