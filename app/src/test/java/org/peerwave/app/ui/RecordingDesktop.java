package org.peerwave.app.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.peerwave.app.service.DesktopActions;

/** Records what view models ask of the desktop. */
public final class RecordingDesktop implements DesktopActions {
    public final List<String> clipboard = new ArrayList<>();
    public final List<Path> opened = new ArrayList<>();

    @Override
    public void copyToClipboard(String text) {
        clipboard.add(text);
    }

    @Override
    public void openFolder(Path folder) {
        opened.add(folder);
    }
}
