// 对比视图的中文文字：普通自编码器的一个点，对比变分自编码器的一个圆，附评判器测得的数字。
// 显示哪一句，由测得的数字决定（views/compare/wording.js）。

export default {
  'compare.heading': '一个点，还是一个圆',
  'compare.lede':
    '普通自编码器把一个数字映射成一个点；变分自编码器把它映射成半径为 σ 的一个圆，并借助 KL 项 (19) 把这些圆聚拢在先验 {=prior} 周围。两边解码同一批隐空间的点，再由一个评判器（一个十类分类器）读每一张解码图：下面的数字是它测出来的，不是理论的承诺。',
  'compare.newDraws': '重新采样',
  'compare.seedNote': '每一行：{count} 个点，种子 {seed}。',
  'compare.inputHint': '在演练场里画一幅画，它就会出现在两张图上，它的圆也会被评判。',
  'compare.leftLabel': '左边的模型',
  'compare.rightLabel': '右边的模型',
  'compare.loading': '正在下载… {received} / {total} MB',
  'compare.table.caption':
    '评判器在每行 {count} 个隐空间点的解码图里读出的结果（种子 {seed}）：以不低于 0.9 的置信度认定为某一类的比例，其后是平均置信度。标记的一行是两个模型相差最大的地方。',
  'compare.table.measure': '解码的隐空间点',
  'compare.table.priorShare': '先验采样 {=zeps}：清楚的一类',
  'compare.table.priorClasses': '先验采样：实际上有多少种不同的类',
  'compare.table.boxShare': '均匀铺满测试编码所在的方框：清楚的一类',
  'compare.table.midpointShare': '不同类测试编码之间的中点：清楚的一类',
  'compare.table.circle1': '你的输入的 1σ 圆：与重建同类',
  'compare.table.circle2': '你的输入的 2σ 圆：与重建同类',
  'compare.table.circle4': '你的输入的 4σ 圆：与重建同类',
  'compare.verdict.similar': '两边的先验采样里，评判器认出清楚一类的比例差不多：{left} 为 {leftShare}，{right} 为 {rightShare}。',
  'compare.verdict.different': '{better} 的先验采样里，评判器认出清楚一类的更多：{betterShare}，{worse} 只有 {worseShare}。',
  'compare.most.none': '没有哪一行相差超过 5 个百分点（或类数的十分之一）：按这些数字，两个模型解码得差不多。',
  'compare.most.priorShare': '所有行里，这正是两者相差最大的地方。',
  'compare.most.priorClasses':
    '两者相差最大的是先验采样变成了什么：{ahead} 的采样实际上分布在 {classes} 类中的 {aheadValue} 类上，{behind} 的只有 {behindValue} 类（见各图下方的柱形）。',
  'compare.most.boxShare': '两者相差最大的是测试编码所在的方框：{ahead} 的点有 {aheadValue} 是清楚的一类，{behind} 的只有 {behindValue}。',
  'compare.most.midpointShare': '两者相差最大的是类与类之间：{ahead} 的中点有 {aheadValue} 是清楚的一类，{behind} 的只有 {behindValue}。',
  'compare.most.circle1': '两者相差最大的是你的输入的 1σ 圆：{ahead} 的点有 {aheadValue} 解码成与重建同类，{behind} 的只有 {behindValue}。',
  'compare.most.circle2': '两者相差最大的是你的输入的 2σ 圆：{ahead} 的点有 {aheadValue} 解码成与重建同类，{behind} 的只有 {behindValue}。',
  'compare.most.circle4': '两者相差最大的是你的输入的 4σ 圆：{ahead} 的点有 {aheadValue} 解码成与重建同类，{behind} 的只有 {behindValue}。',
  'compare.judgeNote':
    '评判器是同一个训练程序在同一划分上训练出的分类器，在 {images} 个测试{nouns}上的正确率为 {accuracy}；“清楚的一类”指它的置信度不低于 {confident}。',
  'compare.priorTile': '先验采样 {n}',
  'compare.priorsLabel': '前 {n} 个先验采样的解码图，以及评判器对每一张的判断',
  'compare.priorsCaption': '前 {n} 个采样 {=epsprior} 的 decode(ε)，也标在图上',
  'compare.priorsCaptionJudged': '{count} 个先验采样（种子 {seed}）中前 {n} 个的 decode(ε)，也标在图上：{n} 个中有 {clear} 个被认定为清楚的一类',
  'compare.barsCaption': '评判器在 {count} 个先验采样里读出的类别：实际上是 {classes} 类中的 {effective} 种{nouns}。',
  'compare.reconLabel': '你这幅画的重建',
  'compare.noInput': '还没有画',
  'compare.reconCaption': '你这幅画的 decode(μ)',
  'compare.mapLabel': '隐空间图：你的画位于 μ = ({mu})，σ = ({sigma})；圆点是显示出来的先验采样。',
  'compare.mapLabelEmpty': '隐空间图，标有测试数字和显示出来的先验采样；还没有画。',
  'compare.note.pointFew':
    '一个点：它的 σ 固定为 ({sigma})，所以 1σ、2σ、4σ 的圆就是这个点本身，解码出同一张图。它 {share} 的测试编码位于 z₁ = {x0} 到 {x1}、z₂ = {y0} 到 {y1} 之间；来自 {=prior} 的采样停在原点附近，实际上只变成 {classes} 类中的 {effective} 种{nouns}。',
  'compare.note.pointMany':
    '一个点：它的 σ 固定为 ({sigma})，所以 1σ、2σ、4σ 的圆就是这个点本身，解码出同一张图。它 {share} 的测试编码位于 z₁ = {x0} 到 {x1}、z₂ = {y0} 到 {y1} 之间，来自 {=prior} 的采样仍然变成 {classes} 类中的 {effective} 种{nouns}。',
  'compare.note.vae.noInput':
    '每个编码周围都有半径为 σ 的圆，KL 项 (19) 把它们聚拢在 {=prior} 周围：它的先验采样实际上变成 {classes} 类中的 {effective} 种{nouns}。在演练场里画一幅画，就能看到你的输入的圆被评判。',
  'compare.note.vae.stays':
    '半径为 σ = ({sigma}) 的圆：在它的 2σ 圆上，评判器有 {same2} 的点读出你的重建所属的类 {class}，4σ 圆上有 {same4}：每个圆上至少九成的点都解码成你的{noun}。',
  'compare.note.vae.reaches4':
    '半径为 σ = ({sigma}) 的圆：到 2σ 为止都解码成你的重建所属的类 {class}（{same2} 的点）；到 4σ 只剩 {same4}，圆伸到了别的{nouns}。',
  'compare.note.vae.reaches2':
    '半径为 σ = ({sigma}) 的圆：2σ 圆上只有 {same2} 的点、4σ 圆上只有 {same4} 保持你的重建所属的类 {class}：你的输入挨着别的{nouns}。',
  'compare.note.beta.noInput':
    'β = {beta} 把 KL 项 (19) 加重到 {beta} 倍，圆更宽、重叠更多：它的先验采样实际上变成 {classes} 类中的 {effective} 种{nouns}。在演练场里画一幅画，就能看到你的输入的圆被评判。',
  'compare.note.beta.stays':
    'β = {beta} 让圆变宽（σ = ({sigma})），评判器仍在 2σ 圆上 {same2}、4σ 圆上 {same4} 的点读出你的重建所属的类 {class}。',
  'compare.note.beta.reaches4':
    'β = {beta} 让圆变宽（σ = ({sigma})）：到 2σ 为止解码成你的重建所属的类 {class}（{same2}）；到 4σ 只剩 {same4}，圆伸到了别的{nouns}。',
  'compare.note.beta.reaches2':
    'β = {beta} 让圆变宽（σ = ({sigma})）直到彼此重叠：2σ 圆上只有 {same2}、4σ 圆上只有 {same4} 保持你的重建所属的类 {class}。',
};
