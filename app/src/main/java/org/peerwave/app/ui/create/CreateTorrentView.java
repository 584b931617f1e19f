package org.peerwave.app.ui.create;

import java.io.File;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.peerwave.app.util.Sizes;

/** The create-torrent dialog; shown without blocking, {@code onDone} gets the notice to show. */
public final class CreateTorrentView {

    public static final ButtonType CREATE = new ButtonType("Create and seed", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<ButtonType> dialog = new Dialog<>();

    public CreateTorrentView(CreateTorrentViewModel vm, Window owner, Consumer<String> onDone) {
        dialog.initOwner(owner);
        dialog.setTitle("Create torrent");
        dialog.setResizable(true);
        dialog.getDialogPane().setId("createDialog");
        dialog.getDialogPane().getButtonTypes().addAll(CREATE, ButtonType.CANCEL);

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.setPadding(new Insets(4));
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(90);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(c0, c1);

        TextField source = new TextField();
        source.setId("createSource");
        source.textProperty().bindBidirectional(vm.sourceProperty());
        HBox.setHgrow(source, Priority.ALWAYS);
        Button browse = new Button("Folder\u2026", new FontIcon(Material2AL.FOLDER_OPEN));
        browse.setOnAction(e -> {
            File f = new DirectoryChooser().showDialog(owner);
            if (f != null) {
                vm.sourceProperty().set(f.getAbsolutePath());
            }
        });
        g.addRow(0, new Label("Share"), new HBox(6, source, browse));

        ComboBox<CreateTorrentViewModel.Mode> mode = new ComboBox<>();
        mode.setId("createMode");
        mode.getItems().addAll(CreateTorrentViewModel.Mode.values());
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        mode.setConverter(new StringConverter<>() {
            @Override
            public String toString(CreateTorrentViewModel.Mode m) {
                return m == null ? "" : switch (m) {
                    case HYBRID -> "Hybrid (v1 + v2)";
                    case V1 -> "v1";
                    case V2 -> "v2";
                };
            }

            @Override
            public CreateTorrentViewModel.Mode fromString(String s) {
                return null;
            }
        });
        g.addRow(1, new Label("Format"), mode);

        ComboBox<Integer> piece = new ComboBox<>();
        piece.setId("createPieceSize");
        piece.getItems().addAll(CreateTorrentViewModel.PIECE_SIZES);
        piece.valueProperty().bindBidirectional(vm.pieceSizeProperty());
        piece.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer n) {
                return n == null || n == 0 ? "Automatic" : Sizes.bytes(n);
            }

            @Override
            public Integer fromString(String s) {
                return 0;
            }
        });
        g.addRow(2, new Label("Piece size"), piece);

        TextArea trackers = new TextArea();
        trackers.setId("createTrackers");
        trackers.setPromptText("One announce URL per line");
        trackers.setPrefRowCount(3);
        trackers.textProperty().bindBidirectional(vm.trackersProperty());
        g.addRow(3, new Label("Trackers"), trackers);

        TextArea seeds = new TextArea();
        seeds.setId("createWebSeeds");
        seeds.setPromptText("One web seed URL per line");
        seeds.setPrefRowCount(2);
        seeds.textProperty().bindBidirectional(vm.webSeedsProperty());
        g.addRow(4, new Label("Web seeds"), seeds);

        TextField comment = new TextField();
        comment.textProperty().bindBidirectional(vm.commentProperty());
        g.addRow(5, new Label("Comment"), comment);

        CheckBox priv = new CheckBox("Private (trackers only, no DHT or PEX)");
        priv.setId("createPrivate");
        priv.selectedProperty().bindBidirectional(vm.privateProperty());
        g.add(priv, 1, 6);

        g.setPrefWidth(560);
        dialog.getDialogPane().setContent(g);
        Button create = (Button) dialog.getDialogPane().lookupButton(CREATE);
        create.setId("createConfirm");
        create.disableProperty().bind(vm.sourceProperty().isEmpty().or(vm.busyProperty()));
        create.addEventFilter(javafx.event.ActionEvent.ACTION, e -> vm.create().whenComplete((text, x) ->
                Platform.runLater(() -> onDone.accept(x == null ? text
                        : "Cannot create the torrent: " + (x.getCause() != null ? x.getCause().getMessage()
                        : x.getMessage())))));
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
