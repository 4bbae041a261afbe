package dev.kvmrunner.admission;

/**
 * One finished boot-and-login job, as the admission controller sees it.
 *
 * @param kind        {@link Kind#FIRST} for a domain's first boot of the run, {@link Kind#AGAIN} for a
 *                    reboot or snapshot reset (much cheaper on some backends, so measured apart)
 * @param seconds     how long the job took, from starting to the logged-in prompt
 * @param concurrency boot jobs running when it started, itself included
 * @param epoch       the controller's epoch when it started (see {@link AdmissionController#epoch()})
 * @param waiting     boot jobs waiting for a slot when it finished, before its own slot was freed:
 *                    0 means that slot stays free (the boot pool ran dry)
 * @param testsLeft   tests not yet handed out when it finished
 * @param headroom    cores left idle lately (cores minus what the run's process tree and other
 *                    un-niced work used); what another boot or group could use
 * @param startUp     it started before any boot of the run had finished: it shared the machine with the
 *                    run's own start (the runner warming up, the guest image's first reads)
 */
public record BootSample(
        Kind kind,
        double seconds,
        int concurrency,
        long epoch,
        int waiting,
        int testsLeft,
        double headroom,
        boolean startUp) {
    /** A boot that started after the run's first boot had finished. */
    public BootSample(
            Kind kind, double seconds, int concurrency, long epoch, int waiting, int testsLeft, double headroom) {
        this(kind, seconds, concurrency, epoch, waiting, testsLeft, headroom, false);
    }

    public enum Kind {
        FIRST,
        AGAIN
    }
}
