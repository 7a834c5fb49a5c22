using System.CommandLine;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Geometry.Seams;

namespace Sam3.Raster.Cli.Options;

/// <summary><c>--merge</c>, <c>--dedupe-iou</c>, <c>--simplify</c>, <c>--min-area</c>: the same options on <c>run</c> and <c>submit</c>.</summary>
internal sealed class GeometryOptions
{
    public Option<string> Merge => merge;

    public Option<double> DedupeIou => dedupeIou;

    public Option<double> Simplify => simplify;

    public Option<double> MinArea => minArea;

    private readonly Option<string> merge = new("--merge") { Description = "instances: one feature per object (SAM3 query), touching objects stay apart; dissolve: one polygon per connected same-prompt area, for area prompts (water, forest, farmland).", DefaultValueFactory = _ => "instances" };
    private readonly Option<double> dedupeIou = new("--dedupe-iou") { Description = "Within a tile, two detections of one prompt whose masks have IoU at or above this are one object (the lower score is dropped).", DefaultValueFactory = _ => MaskNms.DefaultIou };
    private readonly Option<double> simplify = new("--simplify") { Description = "Topology-preserving simplification tolerance in pixels (0: exact pixel outlines).", DefaultValueFactory = _ => 0 };
    private readonly Option<double> minArea = new("--min-area") { Description = "Drop features smaller than this, in CRS units² (m² in a metric CRS; 0 keeps all).", DefaultValueFactory = _ => 0 };

    public static GeometryOptions Create()
    {
        var o = new GeometryOptions();
        o.merge.AcceptOnlyFromAmong("instances", "dissolve");
        return o;
    }

    public void AddTo(Command command)
    {
        command.Options.Add(merge);
        command.Options.Add(dedupeIou);
        command.Options.Add(simplify);
        command.Options.Add(minArea);
    }

    public GeometrySettings Parse(ParseResult parse) => new(
        parse.GetValue(merge) == "dissolve" ? MergeMode.Dissolve : MergeMode.Instances,
        parse.GetValue(dedupeIou),
        parse.GetValue(simplify),
        parse.GetValue(minArea));
}
