package org.peerwave.app.cli;

import org.peerwave.app.AppInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code peerwave --version}: "peerwave 0.1.0-SNAPSHOT". */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {AppInfo.COMMAND + " " + AppInfo.version()};
    }
}
