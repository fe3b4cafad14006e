package io.metaingest.connectors.microstrategy;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the local Library server over the standard fixtures (2 projects, 130 dossiers) until the
 * process is stopped, for trying the connector by hand: {@code java -cp <test classpath>
 * io.metaingest.connectors.microstrategy.MstrServerMain}. Prints the hostPort to use; the user is
 * {@value MstrFixtures#USERNAME}, the password {@code MstrFixtures.PASSWORD}. Options:
 * {@code --expire-after N} ends the first session after N calls (ERR009); {@code --hang-on-dossier N}
 * never answers the definition of dossier N (for trying SIGTERM).
 */
public final class MstrServerMain {

    private MstrServerMain() {
    }

    /** Starts the server and waits forever. */
    public static void main(String[] args) throws InterruptedException {
        MstrServer server = new MstrServer(MstrFixtures.standard());
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--expire-after" -> server.expireSessionAfter(Integer.parseInt(args[i + 1]));
                case "--hang-on-dossier" -> server.hangOn("definition/" + MstrFixtures.id("dossier", Integer.parseInt(args[i + 1])));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println(server.hostPort());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
