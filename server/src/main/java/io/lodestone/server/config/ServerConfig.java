package io.lodestone.server.config;

import io.lodestone.engine.EngineConfig;
import java.util.List;

/**
 * The server's settings (the redis.conf directives that concern the network layer and process),
 * with Redis's defaults. Engine tunables live in {@link EngineConfig}, reached from here.
 * Fields that CONFIG SET may change at runtime are volatile.
 */
public final class ServerConfig {
    private volatile int port = 6379;
    private volatile List<String> bind = List.of("127.0.0.1", "-::1");
    private volatile String requirepass = "";
    private volatile String dir = ".";
    private volatile int maxclients = 10000;
    private volatile int timeout = 0;
    private volatile int tcpKeepalive = 300;
    private volatile String loglevel = "notice";
    private volatile String logfile = "";
    private volatile boolean daemonize = false;
    private volatile String pidfile = "";
    private volatile boolean protectedMode = true;
    private volatile long clientQueryBufferLimit = 1024L * 1024 * 1024;
    private volatile int databases = 16;
    private volatile String configFile = "";
    private EngineConfig engine;

    /** The engine settings; created once {@code databases} is known. */
    public synchronized EngineConfig engine() {
        if (engine == null) {
            engine = new EngineConfig(databases);
        }
        return engine;
    }

    public int port() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    /** Addresses to listen on; a leading '-' marks one that may be unavailable (Redis 7). */
    public List<String> bind() {
        return bind;
    }

    public void setBind(List<String> bind) {
        this.bind = List.copyOf(bind);
    }

    public String requirepass() {
        return requirepass;
    }

    public void setRequirepass(String requirepass) {
        this.requirepass = requirepass;
    }

    public boolean requiresAuth() {
        return !requirepass.isEmpty();
    }

    public String dir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    public int maxclients() {
        return maxclients;
    }

    public void setMaxclients(int maxclients) {
        this.maxclients = maxclients;
    }

    /** Seconds of inactivity after which a client is closed; 0 = never. */
    public int timeout() {
        return timeout;
    }

    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public int tcpKeepalive() {
        return tcpKeepalive;
    }

    public void setTcpKeepalive(int tcpKeepalive) {
        this.tcpKeepalive = tcpKeepalive;
    }

    public String loglevel() {
        return loglevel;
    }

    public void setLoglevel(String loglevel) {
        this.loglevel = loglevel;
    }

    public String logfile() {
        return logfile;
    }

    public void setLogfile(String logfile) {
        this.logfile = logfile;
    }

    public boolean daemonize() {
        return daemonize;
    }

    public void setDaemonize(boolean daemonize) {
        this.daemonize = daemonize;
    }

    public String pidfile() {
        return pidfile;
    }

    public void setPidfile(String pidfile) {
        this.pidfile = pidfile;
    }

    public boolean protectedMode() {
        return protectedMode;
    }

    public void setProtectedMode(boolean protectedMode) {
        this.protectedMode = protectedMode;
    }

    public long clientQueryBufferLimit() {
        return clientQueryBufferLimit;
    }

    public void setClientQueryBufferLimit(long clientQueryBufferLimit) {
        this.clientQueryBufferLimit = clientQueryBufferLimit;
    }

    /** Absolute path of the config file the server was started with, or empty (INFO config_file). */
    public String configFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    public int databases() {
        return databases;
    }

    /** Only before the engine settings were created (startup). */
    public synchronized void setDatabases(int databases) {
        if (engine != null) {
            throw new IllegalStateException("databases is fixed once the engine exists");
        }
        this.databases = databases;
    }
}
