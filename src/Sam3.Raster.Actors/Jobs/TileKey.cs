namespace Sam3.Raster.Actors.Jobs;

/// <summary>One tile of one job: the scene's index in the job's spec and the tile's id in its plan.</summary>
public readonly record struct TileKey(int Scene, int Tile)
{
    public override string ToString() => $"scene {Scene} tile {Tile}";
}
