package org.peerwave.app.ui.details;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.peerwave.app.service.PeerEntry;
import org.peerwave.app.service.TrackerEntry;
import org.peerwave.app.ui.files.FileNode;
import org.peerwave.app.ui.main.SpeedGraphView;
import org.peerwave.app.util.Sizes;
import org.peerwave.engine.session.FilePriority;

/** The details pane's tabs, bound to a {@link DetailsViewModel}. */
public final class DetailsView {

    private final TabPane tabs = new TabPane();
    private final DetailsViewModel vm;

    public DetailsView(DetailsViewModel vm) {
        this.vm = vm;
        tabs.setId("detailsTabs");
        tabs.getStyleClass().add("details-pane");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().addAll(tab("General", "tabGeneral", general()), tab("Files", "tabFiles", files()),
                tab("Peers", "tabPeers", peers()), tab("Trackers", "tabTrackers", trackers()),
                tab("Speed", "tabSpeed", speed()));
    }

    public TabPane root() {
        return tabs;
    }

    private static Tab tab(String title, String id, Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        return t;
    }

    // ---------------------------------------------------------------- General

    private Node general() {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(6);
        g.setPadding(new Insets(12));
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(110);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(names, values);
        int row = 0;
        row = field(g, row, "Info hash v1", vm.v1HashProperty(), "generalV1");
        row = field(g, row, "Info hash v2", vm.v2HashProperty(), "generalV2");
        row = field(g, row, "Save path", vm.savePathProperty(), "generalSavePath");
        row = field(g, row, "Size", vm.sizesProperty(), "generalSize");
        row = field(g, row, "Pieces", vm.piecesTextProperty(), "generalPieces");
        row = field(g, row, "Comment", vm.commentProperty(), "generalComment");
        PiecesMapView map = new PiecesMapView();
        map.setId("piecesMap");
        vm.piecesProperty().addListener((o, a, b) -> map.show(b, vm.pieceCountProperty().get()));
        Label mapName = new Label("Pieces map");
        mapName.getStyleClass().add("field-name");
        g.add(mapName, 0, row);
        g.add(map, 1, row);
        return g;
    }

    private static int field(GridPane g, int row, String name, ObservableValue<String> value, String id) {
        Label n = new Label(name);
        n.getStyleClass().add("field-name");
        Label v = new Label();
        v.setId(id);
        v.getStyleClass().add("field-value");
        v.textProperty().bind(value);
        g.add(n, 0, row);
        g.add(v, 1, row);
        return row + 1;
    }

    // ---------------------------------------------------------------- Files

    private Node files() {
        TreeTableView<FileNode> tree = new TreeTableView<>();
        tree.setId("filesTree");
        tree.setShowRoot(true);
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tree.setPlaceholder(new Label("The files are listed once the metadata arrives"));
        tree.getColumns().addAll(fileColumns(tree, vm));
        vm.filesProperty().addListener((o, a, b) -> tree.setRoot(b == null ? null : item(b)));
        return tree;
    }

    /** The name (with check box), size, progress and priority columns, and a Play column. */
    public static java.util.List<TreeTableColumn<FileNode, ?>> fileColumns(TreeTableView<FileNode> tree,
                                                                       DetailsViewModel details) {
        TreeTableColumn<FileNode, FileNode> name = new TreeTableColumn<>("Name");
        name.setPrefWidth(320);
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        name.setCellFactory(c -> new CheckCell(details));
        TreeTableColumn<FileNode, Number> size = new TreeTableColumn<>("Size");
        size.setPrefWidth(90);
        size.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue().size()));
        size.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : Sizes.bytes(n.longValue()));
            }
        });
        TreeTableColumn<FileNode, Number> progress = new TreeTableColumn<>("Progress");
        progress.setPrefWidth(120);
        progress.setCellValueFactory(c -> c.getValue().getValue().progressProperty());
        progress.setCellFactory(c -> new TreeTableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                if (empty || n == null) {
                    setGraphic(null);
                } else {
                    bar.setProgress(n.doubleValue());
                    bar.setMaxWidth(Double.MAX_VALUE);
                    setGraphic(bar);
                }
            }
        });
        TreeTableColumn<FileNode, FileNode> priority = new TreeTableColumn<>("Priority");
        priority.setPrefWidth(110);
        priority.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        priority.setCellFactory(c -> new PriorityCell(details));
        tree.setFixedCellSize(30);
        java.util.List<TreeTableColumn<FileNode, ?>> cols = new java.util.ArrayList<>(details == null
                ? java.util.List.of(name, size, priority) : java.util.List.of(name, size, progress, priority));
        if (details != null) {
            TreeTableColumn<FileNode, FileNode> play = new TreeTableColumn<>("");
            play.setPrefWidth(70);
            play.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
            play.setCellFactory(c -> new TreeTableCell<>() {
                private final Button button = new Button("Play", new FontIcon(Material2MZ.PLAY_ARROW));

                @Override
                protected void updateItem(FileNode f, boolean empty) {
                    super.updateItem(f, empty);
                    if (empty || f == null || !details.canPlay(f)) {
                        setGraphic(null);
                    } else {
                        button.getStyleClass().setAll("button", "flat", "small");
                        button.setOnAction(e -> details.play(f));
                        setGraphic(button);
                    }
                }
            });
            cols.add(play);
        }
        return cols;
    }

    /** A tree item per node, expanded. */
    public static TreeItem<FileNode> item(FileNode node) {
        TreeItem<FileNode> item = new TreeItem<>(node);
        for (FileNode c : node.children()) {
            item.getChildren().add(item(c));
        }
        item.setExpanded(true);
        return item;
    }

    /** A check box and the name; changing it sends the priorities when {@code details} is given. */
    static final class CheckCell extends TreeTableCell<FileNode, FileNode> {
        private final CheckBox box = new CheckBox();
        private final DetailsViewModel details;
        private FileNode bound;

        CheckCell(DetailsViewModel details) {
            this.details = details;
            box.setMnemonicParsing(false); // file names have underscores
            box.setOnAction(e -> {
                if (details != null) {
                    details.applyPriorities();
                }
            });
        }

        @Override
        protected void updateItem(FileNode f, boolean empty) {
            super.updateItem(f, empty);
            if (bound != null) {
                box.selectedProperty().unbindBidirectional(bound.checkedProperty());
                bound = null;
            }
            if (empty || f == null) {
                setGraphic(null);
                setText(null);
            } else {
                box.setText(f.name());
                box.selectedProperty().bindBidirectional(f.checkedProperty());
                bound = f;
                FontIcon icon = new FontIcon(f.isFile() ? Material2AL.INSERT_DRIVE_FILE : Material2AL.FOLDER);
                HBox content = new HBox(6, icon, box);
                content.setAlignment(Pos.CENTER_LEFT);
                setGraphic(content);
                setText(null);
            }
        }
    }

    /** A priority choice; a folder's sets every file under it. */
    static final class PriorityCell extends TreeTableCell<FileNode, FileNode> {
        private final ComboBox<FilePriority> combo = new ComboBox<>();
        private final DetailsViewModel details;
        private FileNode node;
        private boolean setting;

        PriorityCell(DetailsViewModel details) {
            this.details = details;
            combo.getItems().addAll(FilePriority.SKIP, FilePriority.LOW, FilePriority.NORMAL, FilePriority.HIGH);
            combo.setMaxWidth(Double.MAX_VALUE);
            combo.setPrefHeight(24);
            combo.getStyleClass().addAll("small", "flat");
            combo.setConverter(new javafx.util.StringConverter<>() {
                @Override
                public String toString(FilePriority p) {
                    return p == null ? "" : label(p);
                }

                @Override
                public FilePriority fromString(String s) {
                    return null;
                }
            });
            setAlignment(Pos.CENTER_LEFT);
            combo.valueProperty().addListener((o, a, b) -> {
                if (!setting && node != null && b != null) {
                    if (details != null) {
                        details.setPriority(node, b);
                    } else {
                        node.files().forEach(f -> f.priorityProperty().set(b));
                    }
                }
            });
        }

        @Override
        protected void updateItem(FileNode f, boolean empty) {
            super.updateItem(f, empty);
            node = empty ? null : f;
            if (node == null) {
                setGraphic(null);
                return;
            }
            setting = true;
            combo.setValue(f.isFile() ? f.priorityProperty().get() : null);
            combo.setPromptText(f.isFile() ? "" : "Set all");
            setting = false;
            setGraphic(combo);
        }
    }

    /** "Skip", "Low", "Normal", "High". */
    static String label(FilePriority p) {
        String n = p.name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    // ---------------------------------------------------------------- Peers, Trackers

    private Node peers() {
        TableView<PeerEntry> t = new TableView<>(vm.peers());
        t.setId("peersTable");
        t.setPlaceholder(new Label("No connected peers"));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().addAll(java.util.List.of(
                text("Address", 170, PeerEntry::address), text("Client", 150, PeerEntry::client),
                text("Flags", 60, PeerEntry::flags),
                text("Progress", 80, p -> String.format("%.1f%%", p.progress() * 100)),
                text("Down", 90, p -> Sizes.rate(p.downloadRate())), text("Up", 90, p -> Sizes.rate(p.uploadRate()))));
        return t;
    }

    private Node trackers() {
        TableView<TrackerEntry> t = new TableView<>(vm.trackers());
        t.setId("trackersTable");
        t.setPlaceholder(new Label("No trackers"));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().addAll(java.util.List.of(
                text("URL", 260, TrackerEntry::url), text("Tier", 40, e -> Integer.toString(e.tier())),
                text("Status", 100, TrackerEntry::status), text("Last announce", 140, TrackerEntry::lastAnnounce),
                text("Seeds", 60, e -> e.seeds() < 0 ? "\u2014" : Integer.toString(e.seeds())),
                text("Peers", 60, e -> e.leechers() < 0 ? "\u2014" : Integer.toString(e.leechers())),
                text("Message", 200, TrackerEntry::message)));
        return t;
    }

    private static <T> TableColumn<T, String> text(String title, double width, Function<T, String> f) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(f.apply(x.getValue())));
        return c;
    }

    // ---------------------------------------------------------------- Speed

    private Node speed() {
        SpeedGraphView graph = new SpeedGraphView();
        graph.setId("torrentSpeedGraph");
        ToggleGroup group = new ToggleGroup();
        HBox windows = new HBox(4);
        windows.setAlignment(Pos.CENTER_LEFT);
        Label down = legend("Download", "#2f81f7");
        Label up = legend("Upload", "#2ea043");
        for (int seconds : DetailsViewModel.WINDOWS) {
            ToggleButton b = new ToggleButton(seconds / 60 + " min");
            b.setId("speedWindow" + seconds);
            b.setToggleGroup(group);
            b.setSelected(seconds == vm.speedWindowProperty().get());
            b.setOnAction(e -> {
                vm.speedWindowProperty().set(seconds);
                b.setSelected(true);
            });
            windows.getChildren().add(b);
        }
        HBox spacer = new HBox();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        windows.getChildren().addAll(spacer, down, up);
        vm.speedPointsProperty().addListener((o, a, b) -> graph.show(b, vm.speedWindowProperty().get()));
        BorderPane p = new BorderPane(new StackPane(graph));
        p.setTop(windows);
        BorderPane.setMargin(windows, new Insets(6, 10, 6, 10));
        return new VBox(p) {
            {
                VBox.setVgrow(p, Priority.ALWAYS);
            }
        };
    }

    static Label legend(String text, String color) {
        Label l = new Label(text);
        javafx.scene.shape.Rectangle r = new javafx.scene.shape.Rectangle(10, 10, javafx.scene.paint.Color.web(color));
        l.setGraphic(r);
        return l;
    }
}
