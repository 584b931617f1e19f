package org.peerwave.app.ui.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.peerwave.app.service.FileInfo;
import org.peerwave.engine.session.FilePriority;

/**
 * A node of a torrent's file tree (the Files tab and the add dialog): a folder or a file, with a
 * check box (a file is checked unless its priority is {@link FilePriority#SKIP}), a priority and
 * progress. Checking a folder sets every file under it. A view-model value, no controls.
 */
public final class FileNode {

    private final String name;
    private final int fileIndex;
    private final long size;
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
    private final ObjectProperty<FilePriority> priority = new SimpleObjectProperty<>(this, "priority",
            FilePriority.NORMAL);
    private final BooleanProperty checked = new SimpleBooleanProperty(this, "checked", true);
    private final ObservableList<FileNode> children = FXCollections.observableArrayList();
    private FileNode parent;
    private boolean updating;

    private FileNode(String name, int fileIndex, long size) {
        this.name = name;
        this.fileIndex = fileIndex;
        this.size = size;
        checked.addListener((o, was, now) -> onChecked(now));
        priority.addListener((o, was, now) -> {
            if (!updating && isFile()) {
                updating = true;
                checked.set(now != FilePriority.SKIP);
                updating = false;
                if (parent != null) {
                    parent.childChanged();
                }
            }
        });
    }

    /** The tree of {@code files} under a root folder named {@code rootName}. */
    public static FileNode tree(String rootName, List<FileInfo> files) {
        FileNode root = new FileNode(rootName, -1, 0);
        for (FileInfo f : files) {
            String[] parts = f.path().split("/");
            FileNode dir = root;
            for (int i = 0; i < parts.length - 1; i++) {
                dir = dir.folder(parts[i]);
            }
            FileNode leaf = new FileNode(parts[parts.length - 1], f.index(), f.size());
            leaf.parent = dir;
            leaf.progress.set(f.progress());
            leaf.priority.set(f.priority());
            dir.children.add(leaf);
        }
        root.recompute();
        return root;
    }

    private FileNode folder(String n) {
        for (FileNode c : children) {
            if (!c.isFile() && c.name.equals(n)) {
                return c;
            }
        }
        FileNode d = new FileNode(n, -1, 0);
        d.parent = this;
        children.add(d);
        return d;
    }

    public String name() {
        return name;
    }

    /** The file's index in the torrent, -1 for a folder. */
    public int fileIndex() {
        return fileIndex;
    }

    public boolean isFile() {
        return fileIndex >= 0;
    }

    /** Bytes (a folder: of every file under it). */
    public long size() {
        if (isFile()) {
            return size;
        }
        long s = 0;
        for (FileNode c : children) {
            s += c.size();
        }
        return s;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public ObjectProperty<FilePriority> priorityProperty() {
        return priority;
    }

    public BooleanProperty checkedProperty() {
        return checked;
    }

    public ObservableList<FileNode> children() {
        return children;
    }

    public FileNode parent() {
        return parent;
    }

    private void onChecked(boolean now) {
        if (updating) {
            return;
        }
        updating = true;
        if (isFile()) {
            if (!now) {
                priority.set(FilePriority.SKIP);
            } else if (priority.get() == FilePriority.SKIP) {
                priority.set(FilePriority.NORMAL);
            }
        } else {
            for (FileNode c : children) {
                c.checked.set(now);
            }
        }
        updating = false;
        if (parent != null) {
            parent.childChanged();
        }
    }

    private void childChanged() {
        recompute();
        if (parent != null) {
            parent.childChanged();
        }
    }

    /** A folder is checked while any file under it is; its progress is by bytes. */
    private void recompute() {
        if (isFile()) {
            return;
        }
        boolean any = false;
        double doneBytes = 0;
        long total = 0;
        for (FileNode c : children) {
            c.recompute();
            any |= c.checked.get();
            doneBytes += c.progress.get() * c.size();
            total += c.size();
        }
        updating = true;
        checked.set(any);
        progress.set(total == 0 ? 0 : doneBytes / total);
        updating = false;
    }

    /** Every file node under this one (itself when a file), in tree order. */
    public List<FileNode> files() {
        List<FileNode> out = new ArrayList<>();
        collect(out);
        return out;
    }

    private void collect(List<FileNode> out) {
        if (isFile()) {
            out.add(this);
        }
        for (FileNode c : children) {
            c.collect(out);
        }
    }

    /**
     * One priority per file index {@code 0..maxIndex} (indices not in the tree, pad files, are
     * {@link FilePriority#SKIP}).
     */
    public List<FilePriority> priorities() {
        List<FileNode> files = files();
        int n = files.stream().mapToInt(FileNode::fileIndex).max().orElse(-1) + 1;
        List<FilePriority> out = new ArrayList<>(java.util.Collections.nCopies(n, FilePriority.SKIP));
        for (FileNode f : files) {
            out.set(f.fileIndex, f.priority.get());
        }
        return out;
    }

    /** Copies progress and priorities of a fresh file list into this tree in place (same files). */
    public void update(List<FileInfo> infos) {
        Map<Integer, FileInfo> byIndex = new LinkedHashMap<>();
        infos.forEach(i -> byIndex.put(i.index(), i));
        for (FileNode f : files()) {
            FileInfo i = byIndex.get(f.fileIndex);
            if (i != null) {
                f.progress.set(i.progress());
                f.updating = true;
                f.priority.set(i.priority());
                f.checked.set(i.priority() != FilePriority.SKIP);
                f.updating = false;
            }
        }
        recompute();
    }

    /** True when the tree holds exactly these file indices. */
    public boolean sameFiles(List<FileInfo> infos) {
        List<FileNode> files = files();
        if (files.size() != infos.size()) {
            return false;
        }
        java.util.Set<Integer> mine = new java.util.HashSet<>();
        files.forEach(f -> mine.add(f.fileIndex));
        return infos.stream().allMatch(i -> mine.contains(i.index()));
    }

    @Override
    public String toString() {
        return name;
    }
}
