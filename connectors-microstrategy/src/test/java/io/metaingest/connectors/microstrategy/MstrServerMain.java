package io.metaingest.connectors.microstrategy;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the local Library server over the standard fixtures (2 projects, 130 dossiers) until the
 * process is stopped, for trying the connector by hand: {@code java -cp <test classpath>
 * io.metaingest.connectors.microstrategy.MstrServerMain}. Prints the hostPort to use; the user is
 * {@value MstrFixtures#USERNAME}, the password {@code MstrFixtures.PASSWORD}.
 */
public final class MstrServerMain {

    private MstrServerMain() {
    }

    /** Starts the server and waits forever. */
    public static void main(String[] args) throws InterruptedException {
        MstrServer server = new MstrServer(MstrFixtures.standard());
        if (args.length > 0 && args[0].equals("--expire-after")) {
            server.expireSessionAfter(Integer.parseInt(args[1]));
        }
        System.out.println(server.hostPort());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
