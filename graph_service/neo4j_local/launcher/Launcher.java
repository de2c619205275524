// Runs an embedded Neo4j Community DBMS with only the Bolt connector, on 127.0.0.1.
//
// Usage: java -cp "<lib>/*" Launcher.java <home> <settings.properties>
//
// The settings file (written by graph_service.neo4j_local.server.py) carries server.bolt.listen_address
// and the memory, transaction and log settings; the connectors are fixed here. SIGTERM shuts the
// DBMS down cleanly through the shutdown hook. This file links Neo4j, so it is GPLv3.

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public class Launcher {
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: Launcher <home> <settings.properties>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path settings = Path.of(args[1]).toAbsolutePath();
        requireLoopbackBolt(settings);

        DatabaseManagementService dbms;
        try {
            dbms = build(home, settings);
        } catch (RuntimeException e) {
            System.err.println("Neo4j failed to start:");
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(dbms), "neo4j-shutdown"));
        System.out.println("Neo4j started");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM/SIGINT runs the shutdown hook
    }

    /** Authentication is off, so Bolt must never listen beyond this machine. */
    private static void requireLoopbackBolt(Path settings) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(settings)) {
            properties.load(reader);
        }
        String address = properties.getProperty("server.bolt.listen_address", "");
        if (!address.startsWith("127.0.0.1:") && !address.startsWith("localhost:")) {
            System.err.println("server.bolt.listen_address must be 127.0.0.1:<port>, not '"
                    + address + "' (in " + settings + ")");
            System.exit(2);
        }
    }

    private static DatabaseManagementService build(Path home, Path settings) {
        return new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(settings)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .build();
    }

    private static void shutdown(DatabaseManagementService dbms) {
        System.out.println("Neo4j shutting down");
        try {
            dbms.shutdown();
            System.out.println("Neo4j stopped");
        } catch (RuntimeException e) {
            System.err.println("Neo4j shutdown failed:");
            e.printStackTrace();
        }
        System.out.flush();
    }
}
