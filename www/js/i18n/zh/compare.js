// 对比视图的中文文字：普通自编码器的一个点，对比变分自编码器的一个圆。

export default {
  'compare.heading': '一个点，还是一个圆',
  'compare.lede':
    '普通自编码器把一个数字映射成一个点；变分自编码器把它映射成半径为 σ 的一个圆，并借助 KL 项 (19) 把这些圆都聚拢在先验 N(0, I) 周围。两边解码的是同一组先验采样 z = ε。',
  'compare.newDraws': '重新从先验采样',
  'compare.inputHint': '在演练场里画一幅画，它就会出现在两张图上。',
  'compare.leftLabel': '左边的模型',
  'compare.rightLabel': '右边的模型',
  'compare.loading': '正在下载… {received} / {total} MB',
  'compare.priorsLabel': '由同一组先验采样 z = ε 解码出的 {n} 张图像',
  'compare.priorsCaption': '同一组 8 个采样 ε ~ N(0, I) 的 decode(ε)，也标在图上',
  'compare.reconLabel': '你这幅画的重建',
  'compare.noInput': '还没有画',
  'compare.reconCaption': '你这幅画的 decode(μ)',
  'compare.mapLabel': '隐空间图：你的画位于 μ = ({mu})，σ = ({sigma})；圆点是先验采样。',
  'compare.mapLabelEmpty': '隐空间图，标有测试数字和先验采样；还没有画。',
  'compare.note.autoencoder':
    '只有一个点，周围什么也没有：各个数字的编码落在训练恰好把它们放下的地方，先验采样于是落进它们之间的空隙，解码出来是模糊的一团或几个数字的混合。',
  'compare.note.vae':
    '一个半径为 σ = ({sigma}) 的圆：圆里的每一点都得解码成你的数字，而 KL 项让这些圆都待在原点附近，所以先验采样解码出来都是数字。',
  'compare.note.beta':
    'β = {beta}：KL 项的分量加重到 {beta} 倍，圆变大（σ = ({sigma})），彼此重叠得更多；先验采样出的数字更平滑，重建更模糊。',
};
