package io.plumbline.jobs.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What this JVM logs while open, kept in memory for a test to search: every logger from INFO up, and
 * Plumbline's own at every level, each event with its exception's stack trace. The console shows no more
 * than before.
 */
public final class CapturedLogs implements AutoCloseable {

    private static final String PLUMBLINE = "io.plumbline";

    private final LoggerContext context;
    private final Level rootLevel;
    private final Map<String, Appender> rootAppenders;
    private final Capture capture = new Capture();

    private CapturedLogs(LoggerContext context, Level rootLevel, Map<String, Appender> rootAppenders) {
        this.context = context;
        this.rootLevel = rootLevel;
        this.rootAppenders = rootAppenders;
    }

    public static CapturedLogs start() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        CapturedLogs logs = new CapturedLogs(context, root.getLevel(), Map.copyOf(root.getAppenders()));
        logs.capture.start();
        // the appenders there were keep their old threshold as the root's is lowered
        logs.rootAppenders.forEach((name, appender) -> {
            root.removeAppender(name);
            root.addAppender(appender, logs.rootLevel, null);
        });
        root.addAppender(logs.capture, Level.ALL, null);
        root.setLevel(Level.INFO);
        LoggerConfig plumbline = new LoggerConfig(PLUMBLINE, Level.ALL, true);
        config.addLogger(PLUMBLINE, plumbline);
        context.updateLoggers();
        return logs;
    }

    /** Each event so far: level, logger, message, and the stack trace of its exception. */
    public List<String> lines() {
        return List.copyOf(capture.lines);
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        config.removeLogger(PLUMBLINE);
        root.removeAppender(capture.getName());
        rootAppenders.forEach((name, appender) -> {
            root.removeAppender(name);
            root.addAppender(appender, null, null);
        });
        root.setLevel(rootLevel);
        context.updateLoggers();
        capture.stop();
    }

    private static final class Capture extends AbstractAppender {

        private final List<String> lines = new CopyOnWriteArrayList<>();

        Capture() {
            super("captured-logs", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            StringWriter line = new StringWriter();
            line.append(event.getLevel().name()).append(' ').append(event.getLoggerName()).append(" - ")
                    .append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                line.append('\n');
                event.getThrown().printStackTrace(new PrintWriter(line));
            }
            lines.add(line.toString());
        }
    }
}
